"""Certificate forms: shape validation only (the rules live in services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(min=4, max=500)])
    submit = SubmitField(_l("Revoke certificate"))


class ReissueForm(FlaskForm):
    reason = TextAreaField(_l("Reason for re-issuing"), validators=[DataRequired(), Length(min=4, max=500)])
    submit = SubmitField(_l("Re-issue certificate"))


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name, employee no. or serial"), validators=[Optional(), Length(max=100)])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    course = SelectField(_l("Course"), validators=[Optional()])
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Any status")),
            SelectChoice("valid", _l("Valid")),
            SelectChoice("expiring", _l("Expiring soon")),
            SelectChoice("expired", _l("Expired")),
            SelectChoice("revoked", _l("Revoked")),
        ],
        validators=[Optional()],
    )


class BulkForm(FlaskForm):
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    course = SelectField(_l("Course"), validators=[Optional()])
    submit = SubmitField(_l("Build ZIP"))


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Verify"))
