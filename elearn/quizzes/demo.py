"""Demo quiz attempts for `flask demo seed`: learners who finished a course's lessons have taken its quiz.

Each learner has a stable "ability" from a hash of their employee number, so the item analysis has something
real to show, and sits the quiz a few hours to three days after their last lesson (a weaker learner fails,
then tries again an hour later). Running it again changes nothing (a learner with attempts on a quiz is left
alone). The demo accounts `learner` and `learner2` get no attempts here, so they can take the quizzes
themselves. No learning event is sent: the certificates demo issues what this earns.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.quizzes import services
from elearn.quizzes.bank import Question
from elearn.quizzes.grading import correct_response, grade_attempt
from elearn.quizzes.layout import build_layout
from elearn.quizzes.models import QuizAttempt, QuizVersion

SKIP = ("learner", "learner2")


def _rng(*parts: str) -> random.Random:
    return random.Random(int(hashlib.sha256(":".join(parts).encode()).hexdigest(), 16))


def wrong_response(question: Question) -> Any:
    """A plausible wrong answer of each type."""
    right = correct_response(question)
    if question.type in ("single", "multiple"):
        wrong = [o.key for o in question.options if o.fraction <= 0]
        return (wrong[0] if question.type == "single" else wrong[:1]) if wrong else right
    if question.type == "truefalse":
        return not question.answer
    if question.type == "matching":
        keys = list(right.values())
        return {k: keys[(i + 1) % len(keys)] for i, k in enumerate(right)}
    if question.type == "ordering":
        return list(reversed(right))
    if question.type == "fill":
        return ["不知道"] * len(question.blanks)
    return {"short": "不知道", "numerical": "0"}.get(question.type, "")


def _lessons_finished_at(user: User, course_slug: str) -> datetime | None:
    """When the user completed the last lesson of the course's current version, or None if not all done."""
    from elearn.courses.services import course_progress, last_completion, published_course

    course = published_course(course_slug)
    if not (course and course.current_version and course_progress(user, course.current_version).completed):
        return None
    return last_completion(user.id, course.current_version_id)


def _attempt(user: User, version: QuizVersion, number: int, ability: float, when: datetime) -> QuizAttempt:
    rng = _rng(user.employee_no, version.quiz.slug, str(number))
    spec = version.to_spec()
    layout = build_layout(spec, rng)
    questions = [spec.question(slot["q"]) for slot in layout]
    responses = {q.id: correct_response(q) if rng.random() < ability else wrong_response(q)
                 for q in questions if q.graded and q.type != "essay"}
    result = grade_attempt(questions, responses)
    attempt = QuizAttempt(
        quiz_id=version.quiz_id, quiz_version_id=version.id, user_id=user.id, number=number, status="graded",
        started_at=when, saved_at=when + timedelta(minutes=9), submitted_at=when + timedelta(minutes=10),
        graded_at=when + timedelta(minutes=10), layout=layout, responses=responses, manual={},
        marks={qid: m.score for qid, m in result.marks.items()}, score=result.score, max_score=result.total,
        percent=result.percent, passed=result.percent >= spec.pass_mark,
    )
    db.session.add(attempt)
    return attempt


def seed(now: datetime) -> str:
    """Add demo attempts (a failed try then a pass for weaker learners); returns a summary line."""
    users = db.session.scalars(select(User).where(User.active, User.role == "learner").order_by(User.employee_no))
    versions = services.published_quizzes()
    added = 0
    for user in users:
        if user.username in SKIP:
            continue
        ability = 0.55 + 0.4 * _rng(user.employee_no, "ability").random()
        for version in versions:
            finished = _lessons_finished_at(user, version.quiz.course_slug)
            if finished is None or services.attempts_of(user, version.quiz):
                continue
            # the quiz a few hours to three days after the last lesson, never in the last three hours
            after = timedelta(hours=_rng(user.employee_no, version.quiz.slug).randint(2, 72))
            when = max(finished, min(finished + after, now - timedelta(hours=3)))
            first = _attempt(user, version, 1, ability, when)
            added += 1
            if not first.passed:
                _attempt(user, version, 2, min(ability + 0.3, 0.98), when + timedelta(hours=1))
                added += 1
    db.session.flush()
    return f"{added} quiz attempts"
