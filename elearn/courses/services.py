"""Course use cases for learners: catalogue, progress, time on page, completion.

Services take the acting user and `now`, add and flush; the route commits once.
Other domains call `published_course`, `course_progress` and `certificate_needs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from elearn.core.events import learning_progress
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.extensions import db

PING_STEP_SECONDS = 60  # the most one heartbeat from an open lesson can add
IDLE_AFTER_SECONDS = 120  # a longer gap between heartbeats means the tab sat idle: it adds nothing
MAX_FACTOR = 3  # time on a lesson is capped at three times its estimated minutes
VISIT_WRITE_SECONDS = 60  # a lesson reopened within a minute keeps its "last seen" time


@dataclass(frozen=True)
class CourseProgress:
    """How far a learner is through one course version."""

    lessons_done: int
    lessons_total: int
    completed: bool
    done_slugs: frozenset[str] = frozenset()
    started: bool = False  # a lesson of the course was opened (any version): HR's "in progress" too

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


@dataclass(frozen=True)
class Prerequisite:
    """A prerequisite course and whether the learner has completed it."""

    slug: str
    title: dict
    met: bool


def published_course(slug: str) -> Course | None:
    """The course with this slug if it has a published version (Course.current_version), else None."""
    course = db.session.scalars(select(Course).where(Course.slug == slug)).first()
    return course if course is not None and course.current_version_id is not None else None


def current_courses() -> list[Course]:
    """Every published course, its current version loaded, ordered by slug."""
    stmt = (
        select(Course)
        .where(Course.current_version_id.is_not(None))
        .options(selectinload(Course.current_version).selectinload(CourseVersion.lessons))
        .order_by(Course.slug)
    )
    return list(db.session.scalars(stmt))


def _baseline(version: CourseVersion) -> int:
    """The oldest version whose completions still count (a recertifying version restarts the count)."""
    known = getattr(version, "baseline", None)  # a VersionSnapshot carries it
    if known is not None:
        return known
    if version.version == 1:
        return 1
    restarts = db.session.scalars(
        select(CourseVersion.version).where(
            CourseVersion.course_id == version.course_id,
            CourseVersion.version <= version.version,
            CourseVersion.recertify_on_new_version.is_(True),
        )
    )
    return max([1, *restarts])


def completed_slugs(user, version: CourseVersion) -> set[str]:
    """Lesson slugs of `version` the user completed, on it or on an earlier version still counting."""
    return set(course_progress(user, version).done_slugs)


def course_progress(user, course_version: CourseVersion) -> CourseProgress:
    """Lessons done / total on `course_version`; completed when the certification's lessons are all done.

    One query reads every lesson the learner opened in the course: the completions that still count, and
    whether the course was started at all (the same test as the HR status, so both say "in progress").
    """
    stmt = (
        select(Lesson.slug, CourseVersion.version, LessonProgress.completed_at)
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .join(CourseVersion, CourseVersion.id == Lesson.course_version_id)
        .where(LessonProgress.user_id == user.id, CourseVersion.course_id == course_version.course_id)
    )
    return progress_from_rows(db.session.execute(stmt).all(), course_version)


def progress_from_rows(rows: list, course_version) -> CourseProgress:
    """The progress on `course_version` (a version or its snapshot) from the learner's progress rows in the
    course, each with `.slug`, `.version` (the number of the version it was made on) and `.completed_at`:
    completions on this version or an earlier one still counting; started when there is any row."""
    if not rows:
        return progress_of(set(), course_version)
    counting = range(_baseline(course_version), course_version.version + 1)
    lessons = {lesson.slug for lesson in course_version.lessons}
    done = {row.slug for row in rows if row.completed_at is not None and row.version in counting} & lessons
    return progress_of(done, course_version, started=True)


def progress_of(done: set[str], course_version: CourseVersion, started: bool = False) -> CourseProgress:
    """The progress on `course_version` of a learner who completed the lessons `done` (slugs); `started`:
    a lesson was opened (implied by a completed one)."""
    total = len(course_version.lessons)
    required = course_version.certification.get("lessons", "all")
    needed = (
        {lesson.slug for lesson in course_version.lessons}
        if required == "all"
        else {name.removesuffix(".md") for name in required}
    )
    return CourseProgress(len(done), total, bool(total) and needed <= done, frozenset(done), started or bool(done))


def minutes_left(version: CourseVersion, progress: CourseProgress) -> int:
    """Estimated minutes of the lessons not yet completed."""
    return sum(lesson.minutes for lesson in version.lessons if lesson.slug not in progress.done_slugs)


def prerequisites(user, version: CourseVersion) -> list[Prerequisite]:
    """Each prerequisite of `version` with whether the user has completed its current version."""
    out = []
    for slug in version.prerequisites:
        course = published_course(slug)
        if course is None:
            out.append(Prerequisite(slug, {"zh": slug}, False))
            continue
        out.append(
            Prerequisite(slug, course.current_version.title, course_progress(user, course.current_version).completed)
        )
    return out


def locked(user, version: CourseVersion) -> bool:
    """True when a prerequisite is not met (trainers and admins are never locked out)."""
    if user.has_role("trainer"):
        return False
    return any(not pre.met for pre in prerequisites(user, version))


def find_lesson(version: CourseVersion, lesson_slug: str) -> Lesson | None:
    """The lesson of `version` with this slug."""
    return next((lesson for lesson in version.lessons if lesson.slug == lesson_slug), None)


def _progress_row(user, lesson: Lesson) -> LessonProgress | None:
    return db.session.scalars(
        select(LessonProgress).where(LessonProgress.user_id == user.id, LessonProgress.lesson_id == lesson.id)
    ).first()


def record_visit(user, lesson: Lesson, now: datetime) -> LessonProgress:
    """Note that the user opened the lesson (for "resume where I left off").

    A reload within VISIT_WRITE_SECONDS writes nothing: resuming does not need
    finer times, and a database write per page view would dominate its cost.
    """
    return _touch(_progress_row(user, lesson), user, lesson, now)


def _touch(row: LessonProgress | None, user, lesson: Lesson, now: datetime) -> LessonProgress:
    if row is None:
        return insert_progress(user, lesson, now)
    if visit_is_new(row.last_seen_at, now):
        row.last_seen_at = now
        db.session.flush()
    return row


def visit_is_new(last_seen_at: datetime, now: datetime) -> bool:
    """True when a view at `now` should store itself as the lesson's last visit (see VISIT_WRITE_SECONDS)."""
    return (now - last_seen_at).total_seconds() >= VISIT_WRITE_SECONDS


def insert_progress(user, lesson: Lesson, now: datetime) -> LessonProgress:
    """The user's first row for a lesson; when a concurrent request (a double click, a second tab)
    inserted it first, the unique constraint fires and that row is used instead. Called before the
    request writes anything else, so rolling back loses nothing."""
    user_id, lesson_id = user.id, lesson.id
    row = LessonProgress(
        user_id=user_id,
        lesson_id=lesson_id,
        course_version_id=lesson.course_version_id,
        started_at=now,
        last_seen_at=now,
        seconds_spent=0,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        row = db.session.scalars(
            select(LessonProgress).where(LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id)
        ).one()
    return row


def record_time(user, lesson: Lesson, now: datetime) -> int:
    """Add the time since the last heartbeat, bounded, and return the lesson's total seconds.

    A heartbeat adds at most PING_STEP_SECONDS; a gap over IDLE_AFTER_SECONDS adds
    nothing (the tab sat open); the total never exceeds MAX_FACTOR x the lesson's minutes.
    """
    row = _progress_row(user, lesson) or record_visit(user, lesson, now)
    gap = (now - row.last_seen_at).total_seconds()
    if 0 < gap <= IDLE_AFTER_SECONDS:
        cap = max(lesson.minutes, 1) * 60 * MAX_FACTOR
        row.seconds_spent = min(cap, row.seconds_spent + int(min(gap, PING_STEP_SECONDS)))
    row.last_seen_at = max(row.last_seen_at, now)
    db.session.flush()
    return row.seconds_spent


def complete_lesson(user, lesson: Lesson, now: datetime) -> bool:
    """Mark the lesson complete (idempotent) and send `learning_progress`; True if newly completed."""
    row = _progress_row(user, lesson) or record_visit(user, lesson, now)
    if row.completed_at is not None:
        return False
    row.completed_at = now
    db.session.flush()
    slug = lesson.course_version.course.slug
    learning_progress.send(current_app._get_current_object(), user=user, course_slug=slug, now=now)
    return True


def resume_lesson(user, version: CourseVersion) -> Lesson | None:
    """Where to continue: the last opened lesson not yet completed, else the first one not completed."""
    done = completed_slugs(user, version)
    pending = [lesson for lesson in version.lessons if lesson.slug not in done]
    if not pending:
        return None
    ids = [lesson.id for lesson in pending]
    last = db.session.scalars(
        select(LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(ids))
        .order_by(LessonProgress.last_seen_at.desc())
        .limit(1)
    ).first()
    return next((lesson for lesson in pending if lesson.id == last), pending[0])


def time_spent(user, version: CourseVersion) -> int:
    """Seconds the user spent on this version's lessons (as recorded by heartbeats)."""
    rows = db.session.scalars(
        select(LessonProgress.seconds_spent).where(
            LessonProgress.user_id == user.id, LessonProgress.course_version_id == version.id
        )
    )
    return sum(rows)


@dataclass(frozen=True)
class Need:
    """One thing a certificate needs: kind (lessons | quiz | scenario), subject, done (None: unknown yet)."""

    kind: str
    subject: str
    done: bool | None
    detail: str = ""


def _quiz_passed(user, quiz_slug: str) -> bool | None:
    try:
        from elearn.quizzes.services import quiz_result
    except ImportError:
        return None
    result = quiz_result(user, quiz_slug)
    return bool(result and result.passed)


def _scenarios_passed(user, course_slug: str) -> set[str] | None:
    try:
        from elearn.scenarios.services import passed_scenarios
    except ImportError:
        return None
    return set(passed_scenarios(user, course_slug))


def certificate_needs(user, version: CourseVersion) -> list[Need]:
    """What the certification rule of `version` asks for and whether the user has it yet."""
    rule = version.certification
    progress = course_progress(user, version)
    needs = [Need("lessons", "lessons", progress.completed, f"{progress.lessons_done}/{progress.lessons_total}")]
    if rule.get("quiz"):
        needs.append(Need("quiz", rule["quiz"], _quiz_passed(user, rule["quiz"])))
    passed = _scenarios_passed(user, version.course.slug) if rule.get("scenarios") else set()
    for scenario_id in rule.get("scenarios") or []:
        needs.append(Need("scenario", scenario_id, None if passed is None else scenario_id in passed))
    return needs


def my_assignments(user) -> dict[str, object]:
    """The user's open assignments by course slug (from the employees domain, when it is installed)."""
    try:
        from elearn.employees.assigning import my_assignments as assignments
    except ImportError:
        return {}
    return {row.course_slug: row for row in assignments(user)}


def certificate_panel(user, course_slug: str, now: datetime) -> dict | None:
    """The certificates domain's view of this course for the user (evaluation, status), when installed."""
    try:
        from elearn.certificates.services import certificate_status, requirements
    except ImportError:
        return None
    return {"evaluation": requirements(user, course_slug), "status": certificate_status(user, course_slug, now)}


def last_completion(user_id: int, version_id: int) -> datetime | None:
    """When the user completed their latest lesson of the course version, or None if they completed none."""
    return db.session.scalar(
        select(db.func.max(LessonProgress.completed_at))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user_id, Lesson.course_version_id == version_id)
    )
