"""Read-only snapshots of published course versions, kept per app process for the learner pages.

A published version and its lessons never change (a new publish adds a new version row and moves
`Course.current_version_id`), so the lesson page does not need to load them through the ORM on every
view. One small query per request finds the course's current version and its fingerprint; the snapshot
is looked up by (version id, fingerprint, published_at), so a newly published version, a republished
course or a reused id on a fresh database is never served from an old snapshot.

Snapshots carry the attributes the services and templates read from CourseVersion and Lesson, so they
can be passed where those are expected for reading (never to the session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from elearn.core.caching import remember
from elearn.courses.models import Course, CourseVersion
from elearn.extensions import db

MAX_SNAPSHOTS = 512  # versions kept per process; the whole cache is dropped when it is full


@dataclass(frozen=True)
class LessonSnapshot:
    """The fields of a published Lesson that learner pages read."""

    id: int
    course_version_id: int
    position: int
    slug: str
    title: dict[str, str]
    minutes: int
    objectives: tuple[str, ...]
    body_html: str
    toc: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class VersionSnapshot:
    """The fields of a published CourseVersion that learner pages read, its lessons in order."""

    id: int
    course_id: int
    course_slug: str
    version: int
    title: dict[str, str]
    category: str
    prerequisites: tuple[str, ...]
    certification: dict[str, Any]
    fingerprint: str
    published_at: datetime
    baseline: int  # the oldest version whose completions still count (see services._baseline)
    lessons: tuple[LessonSnapshot, ...]

    @property
    def slug(self) -> str:
        return self.course_slug


@dataclass(frozen=True)
class CourseRef:
    """What the lesson route needs of a Course: its id and slug."""

    id: int
    slug: str


# Built once: constructing the statement costs about as much as running it on SQLite.
_CURRENT_VERSION = (
    select(Course.id, CourseVersion.id, CourseVersion.fingerprint, CourseVersion.published_at)
    .join(CourseVersion, CourseVersion.id == Course.current_version_id)
    .where(Course.slug == bindparam("slug"))
)


def _cache() -> dict:
    return current_app.extensions.setdefault("courses_snapshots", {})


def current_version_snapshot(slug: str) -> tuple[CourseRef, VersionSnapshot] | None:
    """The course with this slug and a snapshot of its published version, or None (not published).

    Costs one indexed query when the snapshot is cached; builds and caches it otherwise.
    """
    # On the session's connection: the same transaction, without the ORM layer a column query does not need.
    row = db.session.connection().execute(_CURRENT_VERSION, {"slug": slug}).first()
    if row is None:
        return None
    course_id, version_id, fingerprint, published_at = row
    return CourseRef(course_id, slug), snapshot_of(version_id, fingerprint, published_at)


def snapshot_of(version_id: int, fingerprint: str, published_at: datetime) -> VersionSnapshot:
    """The snapshot of a published version, from the cache or built and cached. The caller read the three
    values from the database in this request, so a version published by another process is never missed."""
    key = (version_id, fingerprint, published_at)
    cache = _cache()
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = remember(cache, key, _build(version_id), MAX_SNAPSHOTS)
    return snapshot


def _build(version_id: int) -> VersionSnapshot:
    from elearn.courses.services import _baseline

    version = db.session.scalars(
        select(CourseVersion).where(CourseVersion.id == version_id).options(selectinload(CourseVersion.lessons))
    ).one()
    lessons = tuple(
        LessonSnapshot(
            id=row.id,
            course_version_id=row.course_version_id,
            position=row.position,
            slug=row.slug,
            title=dict(row.title),
            minutes=row.minutes,
            objectives=tuple(row.objectives or ()),
            body_html=row.body_html,
            toc=tuple(tuple(entry) for entry in row.toc or ()),
        )
        for row in version.lessons
    )
    return VersionSnapshot(
        id=version.id,
        course_id=version.course_id,
        course_slug=version.course.slug,
        version=version.version,
        title=dict(version.title),
        category=version.category,
        prerequisites=tuple(version.prerequisites or ()),
        certification=dict(version.certification),
        fingerprint=version.fingerprint,
        published_at=version.published_at,
        baseline=_baseline(version),
        lessons=lessons,
    )
