"""Demo progress: a realistic spread of lessons read and completed, for `flask demo seed`.

Runs after `content load`. Each learner's share of each course comes from a
stable hash of their employee number, so running it again changes nothing
(people who already have progress on a course are left alone). The demo
account `learner` is part-way through its first course (to show "continue") and has finished
the second (whose certificate the certificates demo gives him);
`learner2` has not started. No learning event is sent: the certificates demo
issues what this progress earns, with its own spread of dates.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.courses.models import Lesson, LessonProgress
from elearn.courses.services import current_courses
from elearn.extensions import db

# share of people (hash bucket below the limit) -> fraction of a course's lessons completed
SPREAD = [(45, 1.0), (70, 0.5), (85, 0.2)]  # else: not started


def _share(employee_no: str, course_slug: str) -> float:
    bucket = int(hashlib.sha256(f"{employee_no}:{course_slug}:lessons".encode()).hexdigest(), 16) % 100
    return next((share for limit, share in SPREAD if bucket < limit), 0.0)


def _has_progress(user: User, lessons: list[Lesson]) -> bool:
    ids = [lesson.id for lesson in lessons]
    stmt = select(LessonProgress.id).where(LessonProgress.user_id == user.id, LessonProgress.lesson_id.in_(ids))
    return db.session.scalars(stmt.limit(1)).first() is not None


def _complete(user: User, lessons: list[Lesson], count: int, now: datetime, open_next: bool) -> int:
    start = now - timedelta(days=3 + 2 * count)
    for index, lesson in enumerate(lessons[:count]):
        moment = start + timedelta(days=2 * index, minutes=lesson.minutes)
        db.session.add(
            LessonProgress(
                user_id=user.id,
                lesson_id=lesson.id,
                course_version_id=lesson.course_version_id,
                started_at=moment - timedelta(minutes=lesson.minutes),
                last_seen_at=moment,
                seconds_spent=lesson.minutes * 60,
                completed_at=moment,
            )
        )
    if open_next and count < len(lessons):
        lesson = lessons[count]
        db.session.add(
            LessonProgress(
                user_id=user.id,
                lesson_id=lesson.id,
                course_version_id=lesson.course_version_id,
                started_at=now - timedelta(hours=20),
                last_seen_at=now - timedelta(hours=20),
                seconds_spent=240,
            )
        )
    return count


def _planned(user: User, index: int, slug: str, total: int) -> int:
    if user.username == "learner2":
        return 0
    if user.username == "learner":  # part-way through the first course, done with the second (he holds its certificate)
        return {0: 1, 1: total}.get(index, 0)
    return round(total * _share(user.employee_no, slug))


def seed(now: datetime) -> str:
    """Add demo lesson progress for every active learner; returns a summary line."""
    users = db.session.scalars(select(User).where(User.active, User.role == "learner").order_by(User.employee_no))
    courses = current_courses()
    added = 0
    for user in users:
        for index, course in enumerate(courses):
            lessons = list(course.current_version.lessons)
            if not lessons or _has_progress(user, lessons):
                continue
            count = _planned(user, index, course.slug, len(lessons))
            added += _complete(user, lessons, count, now, open_next=count > 0 or user.username == "learner")
    db.session.flush()
    return f"{added} lesson completions" if added else ""
