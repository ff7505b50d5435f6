"""Admin forms (shape validation only)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from elearn.auth.models import ROLE_LABELS

ROLE_CHOICES = [SelectChoice(key, label) for key, label in ROLE_LABELS.items()]
ACCOUNT_ID = Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Use letters, digits, dots, dashes and underscores."))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64), ACCOUNT_ID])
    employee_no = StringField(_l("Employee no."), validators=[DataRequired(), Length(max=32), ACCOUNT_ID])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    password = PasswordField(_l("Initial password"), validators=[DataRequired(), Length(min=10, max=200)])
    submit = SubmitField(_l("Create account"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    submit = SubmitField(_l("Change role"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])
    submit = SubmitField(_l("Set password"))


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=64)])
    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("All roles")), *ROLE_CHOICES], validators=[Optional()])
