"""Scenario forms: shape validation only (the engine decides what a choice means)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from elearn.scenarios.services import MAX_TEXT


class ActionForm(FlaskForm):
    """CSRF-only form for start, step back and hang up buttons."""


class TurnForm(FlaskForm):
    """One turn: an option button (``option``) or a typed reply."""

    text = TextAreaField(_l("Your reply"), validators=[Optional(), Length(max=MAX_TEXT)])


class EditForm(FlaskForm):
    """The trainer's YAML editor."""

    source = TextAreaField(_l("Scenario file (YAML)"), validators=[DataRequired(), Length(max=200_000)])
