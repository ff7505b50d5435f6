"""Trainer forms: shape validation only; content rules are checked by the loader at publish."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lowercase letters, digits and dashes."))


def category_choices():
    from elearn.courses.content import DEFAULT_CATEGORIES
    from elearn.courses.labels import category_label

    return [(c, category_label(c)) for c in DEFAULT_CATEGORIES]


class NewCourseForm(FlaskForm):
    slug = StringField(_l("Course slug (used in the address)"), validators=[DataRequired(), Length(max=80), SLUG])
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    category = SelectField(_l("Topic"), validators=[DataRequired()])


class CourseForm(FlaskForm):
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    summary_zh = TextAreaField(_l("Summary (Chinese)"), validators=[Optional(), Length(max=2000)])
    summary_en = TextAreaField(_l("Summary (English)"), validators=[Optional(), Length(max=2000)])
    audience_zh = StringField(_l("Audience (Chinese)"), validators=[Optional(), Length(max=200)])
    audience_en = StringField(_l("Audience (English)"), validators=[Optional(), Length(max=200)])
    category = SelectField(_l("Topic"), validators=[DataRequired()])
    estimated_minutes = IntegerField(_l("Estimated minutes"), validators=[Optional(), NumberRange(0, 6000)])
    prerequisites = StringField(
        _l("Prerequisite course slugs (comma separated)"), validators=[Optional(), Length(max=500)]
    )
    quiz = StringField(_l("Certification quiz slug"), validators=[Optional(), Length(max=80), SLUG])
    scenarios = StringField(_l("Required scenario ids (comma separated)"), validators=[Optional(), Length(max=500)])
    validity_days = IntegerField(_l("Certificate validity (days)"), validators=[DataRequired(), NumberRange(1, 3650)])
    recertify = BooleanField(_l("A new version requires recertification"))


class LessonForm(FlaskForm):
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    minutes = IntegerField(_l("Minutes"), validators=[DataRequired(), NumberRange(1, 600)])
    objectives = TextAreaField(_l("Objectives (one per line)"), validators=[Optional(), Length(max=4000)])
    body = TextAreaField(_l("Lesson text (Markdown)"), validators=[Optional(), Length(max=200_000)])


class AddLessonForm(FlaskForm):
    name = StringField(_l("File name (letters, digits, dashes)"), validators=[DataRequired(), Length(max=60), SLUG])
    title_zh = StringField(_l("Title (Chinese)"), validators=[DataRequired(), Length(max=200)])


class MediaForm(FlaskForm):
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP, at most 5 MB)"), validators=[FileRequired()])


class PublishForm(FlaskForm):
    change_note = StringField(_l("What changed in this version"), validators=[DataRequired(), Length(max=500)])


def split_list(text: str | None) -> list[str]:
    """'a, b，c' -> ['a', 'b', 'c'] (Chinese commas too)."""
    return [part.strip() for part in (text or "").replace("，", ",").split(",") if part.strip()]


def bilingual(zh: str | None, en: str | None) -> dict[str, str]:
    """{zh, en} from two inputs, leaving out empty ones."""
    return {k: v.strip() for k, v in (("zh", zh), ("en", en)) if v and v.strip()}
