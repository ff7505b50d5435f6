"""Run the content kinds in order: references -> rules -> courses -> quizzes -> scenarios.

Each kind parses (check), then every kind compares with the others
(cross_check); `load` publishes only when no kind found a problem, inside one
transaction that the caller commits.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from elearn.core.problems import Problem

# (module, attribute) of each kind, in the order they run.
KIND_PATHS = (
    ("elearn.courses.kinds", "REFERENCES_KIND"),
    ("elearn.scenarios.content", "RULES_KIND"),
    ("elearn.courses.kinds", "KIND"),
    ("elearn.quizzes.content", "KIND"),
    ("elearn.scenarios.content", "KIND"),
)


@dataclass
class Report:
    """What a run found: problems (sorted by file and line) and what was published."""

    problems: list[Problem] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    ctx: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def kinds() -> list:
    """The content kinds, in order."""
    return [getattr(importlib.import_module(module), attr) for module, attr in KIND_PATHS]


def _sort_key(problem: Problem):
    return (problem.path, problem.line or 0, problem.message)


def check(root: Path) -> Report:
    """Parse and cross-check every kind; nothing is written."""
    report = Report()
    active = kinds()
    for kind in active:
        report.problems += kind.check(Path(root), report.ctx)
    for kind in active:
        report.problems += _cross_check(kind, report.ctx)
    report.problems = sorted(set(report.problems), key=_sort_key)
    return report


def _cross_check(kind, ctx: dict) -> list[Problem]:
    """A kind's cross-check; a database that is not there yet becomes one clear problem, not a traceback."""
    from sqlalchemy.exc import DatabaseError

    try:
        return kind.cross_check(ctx)
    except DatabaseError as exc:
        from elearn.extensions import db

        db.session.rollback()
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        return [
            Problem(
                "(database)",
                None,
                f"{kind.name}: cannot compare with the database ({reason}); run `flask db upgrade heads` first",
            )
        ]


def load(root: Path, now: datetime) -> Report:
    """Check, then publish every kind when there is no problem at all (the caller commits or rolls back)."""
    report = check(root)
    if not report.ok:
        return report
    for kind in kinds():
        report.published += kind.publish(report.ctx, now)
    return report
