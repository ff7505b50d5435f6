"""Reports forms: shape validation only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class ClientForm(FlaskForm):
    name = StringField(_l("HR system name"), validators=[DataRequired(), Length(max=100)])
    submit = SubmitField(_l("Create token"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))
