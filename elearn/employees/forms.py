"""Employees forms: shape validation only (the rules live in services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ImportForm(FlaskForm):
    file = FileField(
        _l("HR export file (CSV or XLSX)"),
        validators=[FileRequired(), FileAllowed(["csv", "txt", "xlsx"], _l("Upload a CSV or XLSX file."))],
    )
    deactivate_missing = BooleanField(_l("This file lists every employee: deactivate those missing from it"))
    submit = SubmitField(_l("Check the file"))


class ApplyForm(FlaskForm):
    submit = SubmitField(_l("Apply these changes"))


class RuleForm(FlaskForm):
    course_slug = SelectField(_l("Course"), validators=[DataRequired()])
    kind = SelectField(
        _l("Assign to"),
        choices=[
            SelectChoice("everyone", _l("Everyone")),
            SelectChoice("department", _l("A department and its teams")),
            SelectChoice("position", _l("A position")),
            SelectChoice("new_hires", _l("New hires")),
        ],
    )
    department_id = SelectField(_l("Department"), coerce=int, validators=[Optional()])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=100)])
    new_hire_days = IntegerField(_l("Hired within (days)"), default=30, validators=[Optional(), NumberRange(1, 3650)])
    due_days = IntegerField(_l("Due (days after assignment)"), default=30, validators=[NumberRange(0, 3650)])
    submit = SubmitField(_l("Create rule"))


class ManualAssignForm(FlaskForm):
    employee_nos = TextAreaField(
        _l("Employee numbers"), validators=[DataRequired(), Length(max=20000)],
        description=_l("One per line, or separated by commas or spaces."),
    )
    course_slug = SelectField(_l("Course"), validators=[DataRequired()])
    due = DateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Assign"))


class DeactivateRuleForm(FlaskForm):
    submit = SubmitField(_l("Stop rule"))
