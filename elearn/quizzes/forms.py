"""Quiz forms: the attempt form is built from the stored layout; trainer forms validate shape only."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from elearn.quizzes.bank import Question
from elearn.quizzes.grading import is_answered


def field_name(question: Question, *parts: Any) -> str:
    """The HTML name of a question's input: q-<id>[-part...]."""
    return "-".join(["q", question.id, *map(str, parts)])


def _key(slot: dict[str, Any], position: Any) -> str:
    """The grader's key of the choice shown at `position`: the page never shows keys, which follow file order."""
    order = slot.get("order") or []
    try:
        index = int(position)
    except (TypeError, ValueError):
        return ""
    return order[index] if 0 <= index < len(order) else ""


def response_from_form(question: Question, slot: dict[str, Any], form: MultiDict) -> Any:
    """Read one question's response from posted form data, in the shape the grader expects.

    Choices are posted as their display position and turned back into keys with the attempt's stored order.
    """
    name = field_name(question)
    if question.type == "single":
        return _key(slot, form.get(name))
    if question.type == "multiple":
        return [k for k in (_key(slot, v) for v in form.getlist(name)) if k]
    if question.type == "matching":
        chosen = {str(i): _key(slot, form.get(field_name(question, i))) for i in range(len(question.pairs))}
        return {left: key for left, key in chosen.items() if key}
    if question.type == "ordering":
        return [_key(slot, form.get(field_name(question, "step", i))) for i in range(len(question.items))]
    if question.type == "fill":
        return [form.get(field_name(question, "blank", i + 1), "") for i in range(len(question.blanks))]
    if question.type == "truefalse":
        return {"true": True, "false": False}.get(form.get(name) or "")
    return form.get(name)


def form_from_response(question: Question, slot: dict[str, Any], response: Any) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would post for a response (tests and benchmarks use it)."""
    position = {key: str(i) for i, key in enumerate(slot.get("order") or [])}
    name = field_name(question)
    if question.type in ("single", "multiple"):
        keys = response if isinstance(response, list) else [response]
        return [(name, position[k]) for k in keys]
    if question.type == "matching":
        return [(field_name(question, left), position[key]) for left, key in response.items()]
    if question.type == "ordering":
        return [(field_name(question, "step", i), position[key]) for i, key in enumerate(response)]
    if question.type == "fill":
        return [(field_name(question, "blank", i + 1), text) for i, text in enumerate(response)]
    if question.type == "truefalse":
        return [(name, "true" if response else "false")]
    return [(name, str(response))]


def responses_from_form(questions: list[Question], layout: list[dict[str, Any]], form: MultiDict) -> dict[str, Any]:
    """Every response of an attempt from posted form data (unanswered questions are left out)."""
    slots = {slot["q"]: slot for slot in layout}
    responses = {}
    for question in questions:
        if not question.graded:
            continue
        value = response_from_form(question, slots.get(question.id, {}), form)
        if is_answered(value):
            responses[question.id] = value
    return responses


class GiftUploadForm(FlaskForm):
    slug = StringField(_l("Quiz (slug)"), validators=[DataRequired(), Length(max=80),
                                                      Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                                             message=_l("Lowercase letters, digits and dashes."))])
    course = StringField(_l("Course (slug, for a new quiz)"), validators=[Optional(), Length(max=80)])
    file = FileField(_l("GIFT file"), validators=[
        FileRequired(), FileAllowed(["gift", "txt"], _l("Upload a .gift or .txt file."))])
    dry_run = BooleanField(_l("Check only (change nothing)"), default=True)
    submit = SubmitField(_l("Import"))


class QuizEditorForm(FlaskForm):
    source = TextAreaField(_l("Quiz file (YAML)"), validators=[DataRequired(), Length(max=500_000)])
    preview = SubmitField(_l("Check and preview"))
    publish = SubmitField(_l("Publish new version"))
