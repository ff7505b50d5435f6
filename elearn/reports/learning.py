"""Read-only queries over the quiz and scenario tables, for the dashboard, transcripts and xAPI."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import case, func, select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.quizzes.models import Quiz, QuizAttempt, QuizVersion
from elearn.reports import xapi
from elearn.scenarios.models import Scenario, ScenarioRun, ScenarioVersion


def quiz_stats_by_course() -> list[tuple[str, int, float, float]]:
    """(course slug, graded attempts, pass rate %, average score %) per course, one query."""
    rows = db.session.execute(
        select(Quiz.course_slug, func.count(QuizAttempt.id),
               func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0)), func.avg(QuizAttempt.percent))
        .join(Quiz, QuizAttempt.quiz_id == Quiz.id)
        .where(QuizAttempt.status == "graded").group_by(Quiz.course_slug).order_by(Quiz.course_slug))
    return [(slug, n, 100.0 * float(passed or 0) / n, float(avg or 0)) for slug, n, passed, avg in rows if n]


def violations_by_rule() -> list[tuple[str, int]]:
    """How often each compliance rule was broken in finished scenario runs, most frequent first."""
    counts: Counter = Counter()
    for codes in db.session.scalars(select(ScenarioRun.violations).where(ScenarioRun.finished_at.is_not(None))):
        counts.update(codes or [])
    return counts.most_common(12)


def quiz_attempts_of(user_id: int) -> list[dict]:
    """The person's submitted quiz attempts, newest first."""
    rows = db.session.execute(
        select(QuizVersion.title, QuizVersion.version, QuizAttempt.number, QuizAttempt.submitted_at,
               QuizAttempt.status, QuizAttempt.percent, QuizAttempt.passed)
        .join(QuizVersion, QuizAttempt.quiz_version_id == QuizVersion.id)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.submitted_at.desc()))
    keys = ("title", "version", "number", "submitted_at", "status", "percent", "passed")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def scenario_runs_of(user_id: int) -> list[dict]:
    """The person's finished call simulations, newest first."""
    rows = db.session.execute(
        select(ScenarioVersion.title, ScenarioVersion.version, ScenarioRun.mode, ScenarioRun.number,
               ScenarioRun.finished_at, ScenarioRun.outcome, ScenarioRun.passed, ScenarioRun.violations)
        .join(ScenarioVersion, ScenarioRun.version_id == ScenarioVersion.id)
        .where(ScenarioRun.user_id == user_id, ScenarioRun.finished_at.is_not(None))
        .order_by(ScenarioRun.finished_at.desc()))
    keys = ("title", "version", "mode", "number", "finished_at", "outcome", "passed", "violations")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def quiz_events(since: datetime | None) -> list[xapi.LearningEvent]:
    """Graded quiz attempts as passed/failed events with the score."""
    query = (select(User.employee_no, Quiz.slug, QuizVersion.title, QuizAttempt.graded_at, QuizAttempt.percent,
                    QuizAttempt.passed, QuizAttempt.id)
             .join(User, QuizAttempt.user_id == User.id).join(Quiz, QuizAttempt.quiz_id == Quiz.id)
             .join(QuizVersion, QuizAttempt.quiz_version_id == QuizVersion.id)
             .where(QuizAttempt.status == "graded", QuizAttempt.graded_at.is_not(None)))
    if since is not None:
        query = query.where(QuizAttempt.graded_at >= since)
    return [xapi.LearningEvent("passed" if passed else "failed", no, f"quizzes/{slug}", title or {}, at, percent,
                               bool(passed), ref=f"quiz_attempt:{aid}")
            for no, slug, title, at, percent, passed, aid in db.session.execute(query)]


def scenario_events(since: datetime | None) -> list[xapi.LearningEvent]:
    """Finished assessment calls as passed/failed events."""
    query = (select(User.employee_no, Scenario.course_slug, Scenario.slug, ScenarioVersion.title,
                    ScenarioRun.finished_at, ScenarioRun.passed, ScenarioRun.id)
             .join(User, ScenarioRun.user_id == User.id).join(Scenario, ScenarioRun.scenario_id == Scenario.id)
             .join(ScenarioVersion, ScenarioRun.version_id == ScenarioVersion.id)
             .where(ScenarioRun.mode == "assessment", ScenarioRun.finished_at.is_not(None)))
    if since is not None:
        query = query.where(ScenarioRun.finished_at >= since)
    return [xapi.LearningEvent("passed" if passed else "failed", no, f"courses/{course}/scenarios/{slug}",
                               title or {}, at, None, bool(passed), ref=f"scenario_run:{rid}")
            for no, course, slug, title, at, passed, rid in db.session.execute(query)]
