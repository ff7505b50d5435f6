"""Sign-in and account forms (shape validation only)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    username = StringField(_l("Username or employee number"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this computer"))
    submit = SubmitField(_l("Sign in"))


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[DataRequired(), EqualTo("new", message=_l("Passwords differ"))]
    )
    submit = SubmitField(_l("Change password"))


class LanguageForm(FlaskForm):
    locale = SelectField(
        _l("Interface language"), choices=[SelectChoice("zh_CN", "简体中文"), SelectChoice("en", "English")]
    )
    submit = SubmitField(_l("Save"))
