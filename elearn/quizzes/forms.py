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


def response_from_form(question: Question, slot: dict[str, Any], form: MultiDict) -> Any:
    """Read one question's response from posted form data, in the shape the grader expects."""
    name = field_name(question)
    if question.type == "multiple":
        return form.getlist(name)
    if question.type == "matching":
        return {str(i): form.get(field_name(question, i), "") for i in range(len(question.pairs))
                if form.get(field_name(question, i))}
    if question.type == "ordering":
        return [form.get(field_name(question, "step", i), "") for i in range(len(question.items))]
    if question.type == "fill":
        return [form.get(field_name(question, "blank", i + 1), "") for i in range(len(question.blanks))]
    if question.type == "truefalse":
        value = form.get(name)
        return {"true": True, "false": False}.get(value or "")
    return form.get(name)


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
