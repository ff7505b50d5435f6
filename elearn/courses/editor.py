"""The trainer's browser editor: drafts of a course, validated and published by the file pipeline.

A draft is the course as plain data. Publishing writes it to a scratch folder
in the authoring format and runs the same pure loader as `content load`, so a
course made in the browser obeys exactly the rules of one made as files.
Services: add and flush; routes commit.
"""

from __future__ import annotations

import mimetypes
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from elearn.core.problems import Problem
from elearn.courses.content import (
    DEFAULT_CATEGORIES,
    MAX_MEDIA_BYTES,  # noqa: F401 (routes read editor.MAX_MEDIA_BYTES)
    SLUG_RE,
    CourseSpec,
    LessonSpec,
    course_yaml_data,
    lesson_file_data,
    load_course,
)
from elearn.courses.files import dump_yaml, lesson_text
from elearn.courses.models import Course, CourseDraft, DraftMedia
from elearn.courses.publishing import latest_version, publish_spec, reference_fields, spec_from_version
from elearn.extensions import db

IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"GIF87a": ("gif", "image/gif"),
    b"GIF89a": ("gif", "image/gif"),
}
RESERVED_SLUGS = {"glossary", "search", "manage", "new"}


class EditorError(ValueError):
    """A draft change that cannot be made; the (translated) message is shown to the trainer."""


def draft_for(slug: str) -> CourseDraft | None:
    """The open draft of a course, if any."""
    return db.session.scalars(select(CourseDraft).where(CourseDraft.slug == slug)).first()


def _data_from_spec(spec: CourseSpec) -> dict:
    data = course_yaml_data(spec)
    data["lessons"] = [{"filename": lesson.filename, **lesson_file_data(lesson)} for lesson in spec.lessons]
    return data


def open_draft(slug: str, actor, now: datetime) -> CourseDraft:
    """The draft of a published course, started from its current version when there is none."""
    draft = draft_for(slug)
    if draft is not None:
        return draft
    version = latest_version(slug)
    if version is None:
        raise EditorError(_l("no such course"))
    spec = spec_from_version(version)
    draft = CourseDraft(slug=slug, data=_data_from_spec(spec), updated_at=now, updated_by_id=actor.id)
    draft.media = [
        DraftMedia(name=name, content_type=mimetypes.guess_type(name)[0] or "image/png", data=blob)
        for name, blob in spec.media.items()
    ]
    db.session.add(draft)
    db.session.flush()
    return draft


def new_draft(slug: str, title_zh: str, title_en: str, category: str, actor, now: datetime) -> CourseDraft:
    """Start a brand-new course with one empty lesson."""
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise EditorError(_l("slugs are lowercase ASCII letters, digits and dashes"))
    exists = db.session.scalars(select(Course.id).where(Course.slug == slug)).first()
    if exists is not None or draft_for(slug) is not None:
        raise EditorError(_l("a course with this slug already exists"))
    title = {"zh": title_zh, **({"en": title_en} if title_en else {})}
    data = {
        "title": title,
        "summary": {},
        "category": category,
        "version": 1,
        "change_note": "",
        "estimated_minutes": 0,
        "audience": {},
        "prerequisites": [],
        "recertify_on_new_version": False,
        "certification": {"lessons": "all", "quiz": None, "scenarios": [], "validity_days": 365},
        "lessons": [
            {
                "filename": "01-intro.md",
                "title": {"zh": title_zh},
                "minutes": 10,
                "objectives": [],
                "body": "## 一、\n\n",
            }
        ],
    }
    draft = CourseDraft(slug=slug, data=data, updated_at=now, updated_by_id=actor.id)
    db.session.add(draft)
    db.session.flush()
    return draft


def _touch(draft: CourseDraft, data: dict, actor, now: datetime) -> None:
    draft.data = data  # a new dict, so the JSON column sees the change
    draft.updated_at, draft.updated_by_id = now, actor.id
    db.session.flush()


def update_course(draft: CourseDraft, fields: dict, actor, now: datetime) -> None:
    """Replace the draft's course-level fields (title, summary, category, certification, ...)."""
    data = {**draft.data, **fields}
    _touch(draft, data, actor, now)


def lesson_data(draft: CourseDraft, filename: str) -> dict | None:
    """One lesson of the draft as a dict (filename, title, minutes, objectives, body)."""
    return next((row for row in draft.data["lessons"] if row["filename"] == filename), None)


def save_lesson(draft: CourseDraft, filename: str, lesson: dict, actor, now: datetime) -> None:
    """Replace one lesson of the draft."""
    if lesson_data(draft, filename) is None:
        raise EditorError(_l("no such lesson"))
    lessons = [{**row, **lesson} if row["filename"] == filename else row for row in draft.data["lessons"]]
    _touch(draft, {**draft.data, "lessons": lessons}, actor, now)


def add_lesson(draft: CourseDraft, name: str, title_zh: str, actor, now: datetime) -> str:
    """Append a lesson file NN-<name>.md and return its file name."""
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not name:
        raise EditorError(_l("lesson names are lowercase ASCII letters, digits and dashes"))
    lessons = list(draft.data["lessons"])
    filename = f"{len(lessons) + 1:02d}-{name}.md"
    if any(row["filename"] == filename for row in lessons):
        raise EditorError(_l("a lesson with this name already exists"))
    lessons.append(
        {"filename": filename, "title": {"zh": title_zh}, "minutes": 10, "objectives": [], "body": "## 一、\n\n"}
    )
    _touch(draft, {**draft.data, "lessons": lessons}, actor, now)
    return filename


def remove_lesson(draft: CourseDraft, filename: str, actor, now: datetime) -> None:
    """Drop a lesson from the draft (published versions keep theirs)."""
    lessons = [row for row in draft.data["lessons"] if row["filename"] != filename]
    if len(lessons) == len(draft.data["lessons"]):
        raise EditorError(_l("no such lesson"))
    _touch(draft, {**draft.data, "lessons": lessons}, actor, now)


def move_lesson(draft: CourseDraft, filename: str, step: int, actor, now: datetime) -> None:
    """Move a lesson one place up (step -1) or down (step +1) in the order learners see."""
    lessons = list(draft.data["lessons"])
    index = next((i for i, row in enumerate(lessons) if row["filename"] == filename), None)
    if index is None:
        raise EditorError(_l("no such lesson"))
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(lessons):
        lessons[index], lessons[target] = lessons[target], lessons[index]
        _touch(draft, {**draft.data, "lessons": lessons}, actor, now)


def _sniff(blob: bytes) -> tuple[str, str]:
    for magic, kind in IMAGE_TYPES.items():
        if blob.startswith(magic):
            return kind
    if blob[:4] == b"RIFF" and blob[8:12] == b"WEBP":
        return "webp", "image/webp"
    raise EditorError(_l("only PNG, JPEG, GIF or WebP images can be uploaded"))


def add_media(draft: CourseDraft, filename: str, blob: bytes, actor, now: datetime) -> str:
    """Store an uploaded image after checking its real type (by content) and size; returns its name."""
    if len(blob) > MAX_MEDIA_BYTES:
        raise EditorError(_l("the image is larger than 5 MB"))
    ext, content_type = _sniff(blob)
    stem = re.sub(r"[^a-z0-9]+", "-", Path(filename or "image").stem.lower()).strip("-") or "image"
    name = f"{stem}.{ext}"
    existing = next((m for m in draft.media if m.name == name), None)
    if existing is not None:
        existing.data, existing.content_type = blob, content_type
    else:
        draft.media.append(DraftMedia(name=name, content_type=content_type, data=blob))
    _touch(draft, dict(draft.data), actor, now)
    return name


def _write_scratch(draft: CourseDraft, version: int, change_note: str, root: Path) -> Path:
    """Write the draft in the authoring format under root/courses/<slug>/ (plus links to quizzes, scenarios)."""
    data = draft.data
    folder = root / "courses" / draft.slug
    folder.mkdir(parents=True)
    course = {k: v for k, v in data.items() if k != "lessons"}
    course.update(version=version, change_note=change_note, lessons=[row["filename"] for row in data["lessons"]])
    (folder / "course.yml").write_text(dump_yaml(course), encoding="utf-8")
    for row in data["lessons"]:
        spec = LessonSpec(row["filename"], row["title"], row["minutes"], tuple(row["objectives"]), row["body"])
        (folder / row["filename"]).write_text(lesson_text(spec), encoding="utf-8")
    if draft.media:
        (folder / "media").mkdir()
        for item in draft.media:
            (folder / "media" / item.name).write_bytes(item.data)
    content_root = Path(current_app.config["CONTENT_ROOT"])
    if (content_root / "quizzes").is_dir():
        (root / "quizzes").symlink_to(content_root / "quizzes")
    if (content_root / "courses" / draft.slug / "scenarios").is_dir():
        (folder / "scenarios").symlink_to(content_root / "courses" / draft.slug / "scenarios")
    return folder


def check_draft(draft: CourseDraft, change_note: str = "") -> tuple[CourseSpec | None, list[Problem]]:
    """Validate the draft exactly as `content check` would; problems name the file and line."""
    latest = latest_version(draft.slug)
    version = (latest.version + 1) if latest else 1
    categories = DEFAULT_CATEGORIES + tuple(current_app.config.get("COURSE_CATEGORIES_EXTRA", ()))
    scratch = Path(tempfile.mkdtemp(prefix="elearn-draft-"))
    try:
        folder = _write_scratch(draft, version, change_note or "draft", scratch)
        return load_course(folder, scratch, _references(), categories)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _references() -> dict:
    from elearn.courses.references import Reference

    out = {}
    for ref_id, fields in reference_fields().items():
        out[ref_id] = Reference(
            id=ref_id,
            law=fields.get("law", {}),
            article=fields.get("article", {}),
            summary=fields.get("summary", {}),
            effective=None,
            status=fields.get("status", "in_force"),
            confidence=fields.get("confidence"),
            replaced_by=fields.get("replaced_by"),
            path="",
            line=0,
            short=fields.get("short"),
        )
    return out


def publish_draft(draft: CourseDraft, change_note: str, actor, now: datetime):
    """Publish the draft as the next version (or return its problems); the draft is removed on success."""
    if not change_note.strip():
        return None, [Problem(f"courses/{draft.slug}/course.yml", None, "a change note is required")]
    spec, problems = check_draft(draft, change_note.strip())
    if problems:
        return None, problems
    version = publish_spec(spec, _references(), actor, now, source="editor")
    db.session.delete(draft)
    db.session.flush()
    return version, []
