"""Files -> immutable course versions in the database, and back (export).

Services: they add and flush; the CLI command or route that calls them commits once.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from elearn.core.events import course_published
from elearn.core.problems import Problem
from elearn.courses import search
from elearn.courses.content import Certification, CourseSpec, LessonSpec
from elearn.courses.files import references_text, write_course
from elearn.courses.markdown import render_document
from elearn.courses.models import Course, CourseMedia, CourseVersion, LawReference, Lesson
from elearn.courses.references import Reference
from elearn.extensions import db


def media_url_base(slug: str, version: int) -> str:
    """Where a version's images are served (fixed at publish, so stored HTML stays valid)."""
    return f"/courses/{slug}/media/{version}"


def latest_version(slug: str) -> CourseVersion | None:
    """The highest published version of a course, or None."""
    return db.session.scalars(
        select(CourseVersion)
        .join(Course, Course.id == CourseVersion.course_id)
        .where(Course.slug == slug)
        .order_by(CourseVersion.version.desc())
        .limit(1)
    ).first()


def version_problems(spec: CourseSpec, where: str) -> list[Problem]:
    """Compare a spec with the database: an edit needs a higher `version`, and versions never go back."""
    latest = latest_version(spec.slug)
    if latest is None or spec.version > latest.version:
        return []
    if spec.version < latest.version:
        return [Problem(where, None, f"version {spec.version} is older than published version {latest.version}")]
    if spec.fingerprint() != latest.fingerprint:
        return [Problem(where, None, f"the course changed but version is still {spec.version}: bump version")]
    return []


def upsert_references(refs: Mapping[str, Reference], now: datetime) -> list[str]:
    """Make the glossary table match the files: new and changed entries are written, none deleted
    (published lessons may still cite an entry that a later file drops)."""
    existing = {row.ref_id: row for row in db.session.scalars(select(LawReference))}
    changed = []
    for ref in refs.values():
        fields = _json_fields(ref)
        row = existing.get(ref.id)
        if row is not None and row.fields == fields and row.status == ref.status:
            continue
        if row is None:
            row = LawReference(ref_id=ref.id)
            db.session.add(row)
        row.fields, row.status, row.source, row.updated_at = fields, ref.status, ref.path, now
        changed.append(ref.id)
    db.session.flush()
    return [f"glossary: {len(changed)} reference(s) added or changed"] if changed else []


def _json_fields(ref: Reference) -> dict:
    fields = ref.as_dict()
    if fields.get("effective"):
        fields["effective"] = fields["effective"].isoformat()
    return fields


def publish_spec(spec: CourseSpec, refs: Mapping, actor, now: datetime, source: str = "files") -> CourseVersion | None:
    """Publish `spec` as a new immutable version (rendering and sanitising its lessons once).

    Returns None when that version is already published unchanged. Callers run
    `version_problems` first; a stale or unbumped version raises ValueError here.
    """
    course = db.session.scalars(select(Course).where(Course.slug == spec.slug)).first()
    latest = latest_version(spec.slug)
    if latest is not None and spec.version <= latest.version:
        if spec.version == latest.version and spec.fingerprint() == latest.fingerprint:
            return None
        raise ValueError(f"{spec.slug}: version {spec.version} is not newer than {latest.version}")
    if course is None:
        course = Course(slug=spec.slug, created_at=now)
        db.session.add(course)
    version = _new_version(course, spec, actor, now, source)
    _add_lessons(version, spec, refs)
    _add_media(version, spec.media)
    db.session.flush()
    course.current_version = version
    db.session.flush()
    search.index_version(version)
    course_published.send(course, course_slug=spec.slug, version=version, now=now)
    return version


def _new_version(course: Course, spec: CourseSpec, actor, now: datetime, source: str) -> CourseVersion:
    cert = spec.certification
    version = CourseVersion(
        course=course,
        version=spec.version,
        title=dict(spec.title),
        summary=dict(spec.summary),
        audience=dict(spec.audience),
        category=spec.category,
        estimated_minutes=spec.estimated_minutes,
        prerequisites=list(spec.prerequisites),
        recertify_on_new_version=spec.recertify_on_new_version,
        certification={
            "lessons": cert.lessons if isinstance(cert.lessons, str) else list(cert.lessons),
            "quiz": cert.quiz,
            "scenarios": list(cert.scenarios),
            "validity_days": cert.validity_days,
        },
        change_note=spec.change_note,
        fingerprint=spec.fingerprint(),
        source=source,
        published_at=now,
        published_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    return version


def _add_lessons(version: CourseVersion, spec: CourseSpec, refs: Mapping) -> None:
    base = media_url_base(spec.slug, spec.version)
    for position, lesson in enumerate(spec.lessons, start=1):
        doc = render_document(lesson.body, refs, base)
        db.session.add(
            Lesson(
                course_version=version,
                position=position,
                slug=lesson.slug,
                title=dict(lesson.title),
                minutes=lesson.minutes,
                objectives=list(lesson.objectives),
                body_md=lesson.body,
                body_html=doc.html,
                toc=[[entry.level, entry.anchor, entry.text] for entry in doc.toc],
                plain_text=" ".join([*lesson.title.values(), doc.text]),  # titles searchable everywhere
            )
        )


def _add_media(version: CourseVersion, media: Mapping[str, bytes]) -> None:
    for name, blob in media.items():
        db.session.add(
            CourseMedia(
                course_version=version,
                name=name,
                data=blob,
                sha256=hashlib.sha256(blob).hexdigest(),
                content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            )
        )


def spec_from_version(version: CourseVersion) -> CourseSpec:
    """Rebuild the CourseSpec a published version was made from (for export, diffs and the editor)."""
    cert = version.certification
    media = db.session.scalars(select(CourseMedia).where(CourseMedia.course_version_id == version.id))
    lessons = tuple(
        LessonSpec(f"{row.slug}.md", dict(row.title), row.minutes, tuple(row.objectives), row.body_md)
        for row in version.lessons
    )
    return CourseSpec(
        slug=version.course.slug,
        title=dict(version.title),
        summary=dict(version.summary),
        category=version.category,
        version=version.version,
        change_note=version.change_note,
        estimated_minutes=version.estimated_minutes,
        audience=dict(version.audience),
        prerequisites=tuple(version.prerequisites),
        lessons=lessons,
        certification=Certification(
            cert["lessons"] if isinstance(cert["lessons"], str) else tuple(cert["lessons"]),
            cert.get("quiz"),
            tuple(cert.get("scenarios") or ()),
            cert.get("validity_days", 365),
        ),
        recertify_on_new_version=version.recertify_on_new_version,
        media={row.name: row.data for row in media},
    )


def reference_fields() -> dict[str, dict]:
    """The glossary as {id: fields} from the database (what rendering needs)."""
    return {row.ref_id: row.fields for row in db.session.scalars(select(LawReference).order_by(LawReference.ref_id))}


def _file_fields(fields: dict) -> dict:
    """Stored glossary fields as a file holds them (dates as YAML dates)."""
    out = dict(fields)
    if isinstance(out.get("effective"), str):
        out["effective"] = date.fromisoformat(out["effective"])
    return out


def export_content(target: Path) -> list[str]:
    """Write the glossary and every course's current version under target/courses/; returns lines."""
    courses_dir = Path(target) / "courses"
    (courses_dir / "_references").mkdir(parents=True, exist_ok=True)
    refs = {ref_id: _file_fields(fields) for ref_id, fields in reference_fields().items()}
    (courses_dir / "_references" / "references.yml").write_text(references_text(refs), encoding="utf-8")
    lines = [f"wrote courses/_references/references.yml ({len(refs)} references)"]
    for course in db.session.scalars(select(Course).order_by(Course.slug)):
        if course.current_version is not None:
            write_course(spec_from_version(course.current_version), courses_dir)
            lines.append(f"wrote courses/{course.slug}/ (version {course.current_version.version})")
    return lines
