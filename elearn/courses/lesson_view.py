"""The lesson page's reads in one query: the course's current version and the learner's progress on it.

The lesson page is the page learners open most, so its database work is kept to the user (loaded for
every signed-in page) and one statement here. That statement finds the course's current version by
slug (the key of its cached snapshot, see snapshots.py) and the learner's progress rows on that version
and the earlier ones, as plain columns; the only write is a first visit or a reopen after
services.VISIT_WRITE_SECONDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select, update

from elearn.courses import services
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.courses.snapshots import CourseRef, LessonSnapshot, VersionSnapshot, snapshot_of
from elearn.extensions import db

# Every progress row of the learner, with its lesson's slug and the course and version it belongs to.
_PROGRESS = (
    select(
        LessonProgress.id.label("progress_id"),
        LessonProgress.lesson_id,
        LessonProgress.completed_at,
        LessonProgress.last_seen_at,
        Lesson.slug,
        CourseVersion.course_id,
        CourseVersion.version,
    )
    .join(Lesson, Lesson.id == LessonProgress.lesson_id)
    .join(CourseVersion, CourseVersion.id == Lesson.course_version_id)
    .where(LessonProgress.user_id == bindparam("user_id"))
    .subquery("progress")
)

# One row per progress row of the course up to its current version (or one row with empty progress
# columns), each carrying the current version's snapshot key. Built once.
_LESSON_PAGE = (
    select(
        Course.id.label("course_id"),
        CourseVersion.id.label("version_id"),
        CourseVersion.fingerprint,
        CourseVersion.published_at,
        _PROGRESS.c.progress_id,
        _PROGRESS.c.lesson_id,
        _PROGRESS.c.completed_at,
        _PROGRESS.c.last_seen_at,
        _PROGRESS.c.slug,
        _PROGRESS.c.version,
    )
    .join(CourseVersion, CourseVersion.id == Course.current_version_id)
    .outerjoin(_PROGRESS, and_(_PROGRESS.c.course_id == Course.id, _PROGRESS.c.version <= CourseVersion.version))
    .where(Course.slug == bindparam("slug"))
)


@dataclass(frozen=True)
class LessonView:
    """What the lesson page shows, and whether opening it wrote anything (the route commits only then)."""

    course: CourseRef
    version: VersionSnapshot
    lesson: LessonSnapshot
    locked: bool  # a prerequisite is not met: the page is not shown and nothing is recorded
    progress: services.CourseProgress | None = None
    recorded: bool = False


def open_lesson(user, slug: str, lesson_slug: str, now: datetime) -> LessonView | None:
    """Open a lesson of a published course for `user`: its snapshot, the learner's progress on the course,
    and the visit recorded. None when the course is not published or has no such lesson."""
    rows = db.session.connection().execute(_LESSON_PAGE, {"slug": slug, "user_id": user.id}).all()
    if not rows:
        return None
    first = rows[0]
    version = snapshot_of(first.version_id, first.fingerprint, first.published_at)
    lesson = services.find_lesson(version, lesson_slug)
    if lesson is None:
        return None
    course = CourseRef(first.course_id, slug)
    if services.locked(user, version):
        return LessonView(course, version, lesson, locked=True)
    opened = [row for row in rows if row.progress_id is not None]
    recorded = _record_visit(opened, user, lesson, now)
    return LessonView(course, version, lesson, False, services.progress_from_rows(opened, version), recorded)


def _record_visit(rows: list, user, lesson: LessonSnapshot, now: datetime) -> bool:
    """Store the visit when it is the first or the last one is older than VISIT_WRITE_SECONDS."""
    mine = next((row for row in rows if row.lesson_id == lesson.id), None)
    if mine is None:
        services.insert_progress(user, lesson, now)
        return True
    if not services.visit_is_new(mine.last_seen_at, now):
        return False
    db.session.execute(update(LessonProgress).where(LessonProgress.id == mine.progress_id).values(last_seen_at=now))
    return True
