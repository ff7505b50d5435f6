"""Quiz use cases: attempts (start, autosave, submit, expiry), results, trainer grading.

Services take the acting user and `now`, add and flush; the route or CLI command commits once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager

from elearn.core.events import learning_progress
from elearn.extensions import db
from elearn.quizzes.bank import Question, QuizSpec
from elearn.quizzes.grading import grade_attempt
from elearn.quizzes.layout import build_layout
from elearn.quizzes.models import Quiz, QuizAttempt, QuizVersion
from elearn.quizzes.publishing import latest_version

MAX_TEXT = 10_000


class QuizError(Exception):
    """A request the rules refuse (attempt limit, wait, finished attempt); the message is for the learner."""


@dataclass(frozen=True)
class QuizResult:
    """The grade that counts for a learner on a quiz, by the quiz's grading method."""

    passed: bool
    grade_percent: float
    attempt_id: int
    attempts: int


@dataclass(frozen=True)
class Availability:
    """Whether a learner may start an attempt now, and why not."""

    can_start: bool
    reason: str
    attempts_used: int
    attempts_left: int | None
    next_start: datetime | None
    in_progress: QuizAttempt | None


def get_quiz(slug: str) -> Quiz | None:
    return db.session.scalar(select(Quiz).where(Quiz.slug == slug))


def attempts_of(user, quiz: Quiz) -> list[QuizAttempt]:
    """A learner's attempts at a quiz (every version), oldest first."""
    return list(db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id, QuizAttempt.quiz_id == quiz.id)
        .order_by(QuizAttempt.number)
    ))


def questions_of(attempt: QuizAttempt) -> list[Question]:
    """The attempt's drawn questions, in the order they were shown."""
    spec = attempt.quiz_version.to_spec()
    by_id = {q.id: q for q in spec.questions}
    return [by_id[slot["q"]] for slot in attempt.layout if slot["q"] in by_id]


def availability(user, version: QuizVersion, now: datetime,
                 attempts: list[QuizAttempt] | None = None) -> Availability:
    """Attempt limit and minimum wait, checked on the server before every start.

    `attempts` (the learner's attempts at this quiz, oldest first) saves a query when the caller has them.
    """
    spec = version.to_spec()
    attempts = attempts_of(user, version.quiz) if attempts is None else attempts
    running = next((a for a in attempts if a.status == "in_progress"), None)
    used = len(attempts)
    left = max(spec.max_attempts - used, 0) if spec.max_attempts else None
    if running is not None:
        return Availability(True, "", used, left, None, running)
    if left == 0:
        return Availability(False, str(_l("You have used all your attempts.")), used, 0, None, None)
    last = max((a.submitted_at for a in attempts if a.submitted_at), default=None)
    if last is not None and spec.min_wait_minutes:
        next_start = last + timedelta(minutes=spec.min_wait_minutes)
        if next_start > now:
            return Availability(False, str(_l("You can start the next attempt later.")), used, left, next_start, None)
    return Availability(True, "", used, left, None, None)


def start_attempt(user, slug: str, now: datetime, rng: random.Random | None = None) -> QuizAttempt:
    """Resume the running attempt or start a new one (questions drawn and shuffled once, stored).

    Raises QuizError when the quiz does not exist or the attempt limit or wait forbids it.
    """
    version = latest_version(slug)
    if version is None:
        raise QuizError(str(_l("This quiz is not published.")))
    close_expired(user, version.quiz, now)
    allowed = availability(user, version, now)
    if allowed.in_progress is not None:
        return allowed.in_progress
    if not allowed.can_start:
        raise QuizError(allowed.reason)
    spec = version.to_spec()
    deadline = now + timedelta(minutes=spec.time_limit_minutes) if spec.time_limit_minutes else None
    attempt = QuizAttempt(
        quiz_id=version.quiz_id, quiz_version_id=version.id, user_id=user.id, number=allowed.attempts_used + 1,
        status="in_progress", started_at=now, deadline=deadline, layout=build_layout(spec, rng or random.Random()),
        responses={}, manual={}, marks={},
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def _clean(responses: dict[str, Any], attempt: QuizAttempt) -> dict[str, Any]:
    allowed = {slot["q"] for slot in attempt.layout}
    return {qid: _truncate(value) for qid, value in responses.items() if qid in allowed}


def _truncate(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, list):
        return [_truncate(v) for v in value[:50]]
    if isinstance(value, dict):
        return {str(k)[:20]: _truncate(v) for k, v in list(value.items())[:50]}
    return value


def save_responses(attempt: QuizAttempt, responses: dict[str, Any], now: datetime) -> bool:
    """Autosave: replace the stored responses while the attempt runs and its deadline has not passed.

    Returns False (nothing written) for a finished or expired attempt: late answers are not accepted.
    """
    open_ = (QuizAttempt.deadline.is_(None)) | (QuizAttempt.deadline > now)
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == "in_progress", open_)
        .values(responses=_clean(responses, attempt), saved_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(attempt)
    return result.rowcount == 1


def submit_attempt(attempt: QuizAttempt, now: datetime, responses: dict[str, Any] | None = None) -> QuizAttempt:
    """Submit once: a conditional UPDATE claims the attempt, so double clicks and replays grade once.

    Responses sent with the submit are saved first unless the deadline has passed.
    """
    if responses is not None:
        save_responses(attempt, responses, now)
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == "in_progress")
        .values(status="submitting", submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(attempt)
    if claimed.rowcount != 1:
        return attempt
    _grade(attempt, now)
    return attempt


def _grade(attempt: QuizAttempt, now: datetime) -> None:
    """Mark the attempt, store score and percent, and announce a final grade."""
    spec = attempt.quiz_version.to_spec()
    result = grade_attempt(questions_of(attempt), attempt.responses or {}, attempt.manual or {})
    attempt.marks = {qid: mark.score for qid, mark in result.marks.items()}
    attempt.score, attempt.max_score = result.score, result.total
    attempt.percent = result.percent
    if result.pending:
        attempt.status, attempt.passed = "awaiting_grading", None
    else:
        attempt.status, attempt.graded_at = "graded", now
        attempt.passed = result.percent >= spec.pass_mark
    db.session.flush()
    if not result.pending:
        learning_progress.send(current_app._get_current_object(), user=attempt.user,
                               course_slug=attempt.quiz.course_slug, now=now)


def close_expired(user, quiz: Quiz, now: datetime) -> list[QuizAttempt]:
    """Submit (with what was saved) every running attempt of the user whose deadline has passed."""
    expired = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id, QuizAttempt.quiz_id == quiz.id,
                                  QuizAttempt.status == "in_progress", QuizAttempt.deadline <= now)
    ).all()
    return [submit_attempt(a, now) for a in expired]


def close_all_expired(now: datetime) -> int:
    """Submit every running attempt whose deadline has passed (for a scheduled job); returns how many."""
    expired = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.status == "in_progress", QuizAttempt.deadline <= now)
    ).all()
    for attempt in expired:
        submit_attempt(attempt, now)
    return len(expired)


def grade_essays(trainer, attempt: QuizAttempt, points: dict[str, float], now: datetime) -> QuizAttempt:
    """A trainer's marks for the essays of an attempt awaiting grading; the attempt is then graded.

    Raises QuizError when the attempt is not awaiting grading or a mark is out of range.
    """
    if attempt.status != "awaiting_grading":
        raise QuizError(str(_l("This attempt is not awaiting grading.")))
    essays = {q.id: q for q in questions_of(attempt) if q.type == "essay"}
    manual = {}
    for qid, question in essays.items():
        value = points.get(qid)
        if value is None or not 0 <= value <= question.points:
            raise QuizError(str(_l("Give every essay a mark between 0 and its points.")))
        manual[qid] = float(value)
    attempt.manual, attempt.graded_by_id = manual, trainer.id
    _grade(attempt, now)
    return attempt


def counted_grade(spec: QuizSpec, graded: list[QuizAttempt]) -> tuple[float, QuizAttempt] | None:
    """(grade, attempt) that counts by the grading method: highest, last, first or average."""
    if not graded:
        return None
    if spec.grading == "last":
        return graded[-1].percent, graded[-1]
    if spec.grading == "first":
        return graded[0].percent, graded[0]
    if spec.grading == "average":
        return round(sum(a.percent for a in graded) / len(graded), 2), graded[-1]
    best = max(graded, key=lambda a: (a.percent, -a.number))
    return best.percent, best


def quiz_result(user, quiz_slug: str) -> QuizResult | None:
    """The grade that counts for `user` on a quiz (None before a graded attempt): the certificates interface."""
    version = latest_version(quiz_slug)
    if version is None:
        return None
    return result_of(version, attempts_of(user, version.quiz))


def result_of(version: QuizVersion, attempts: list[QuizAttempt]) -> QuizResult | None:
    """The grade that counts among a learner's attempts at the quiz of `version` (its latest version)."""
    graded = [a for a in attempts if a.status == "graded"]
    counted = counted_grade(version.to_spec(), graded)
    if counted is None:
        return None
    percent, attempt = counted
    return QuizResult(percent >= version.to_spec().pass_mark, percent, attempt.id, len(graded))


def grading_queue() -> list[QuizAttempt]:
    """Attempts whose essays wait for a trainer, oldest first."""
    return list(db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.status == "awaiting_grading").order_by(QuizAttempt.submitted_at)
    ))


def published_quizzes() -> list[QuizVersion]:
    """The latest version of every quiz, by slug."""
    latest = select(QuizVersion.quiz_id, func.max(QuizVersion.version).label("v")).group_by(QuizVersion.quiz_id)
    sub = latest.subquery()
    return list(db.session.scalars(
        select(QuizVersion).join(sub, (QuizVersion.quiz_id == sub.c.quiz_id) & (QuizVersion.version == sub.c.v))
        .join(Quiz, Quiz.id == QuizVersion.quiz_id).order_by(Quiz.slug).options(contains_eager(QuizVersion.quiz))
    ))
