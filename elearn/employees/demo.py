"""Demo assignments: every published course is required of everyone, with staggered due dates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.employees import assigning
from elearn.employees.models import Assignment, AssignmentRule
from elearn.extensions import db

DUE_DAYS = (14, 30, 45, 60, 90)


def seed(now: datetime) -> str:
    """Add one "everyone" rule per published course that has none yet.

    Idempotent: a second run finds the rules and creates nothing.
    """
    have = set(db.session.scalars(select(AssignmentRule.course_slug)))
    created = 0
    for i, (slug, _title) in enumerate(assigning.course_options()):
        if slug in have:
            continue
        assigning.create_rule(None, now, course_slug=slug, kind="everyone", due_days=DUE_DAYS[i % len(DUE_DAYS)])
        created += 1
    if created:
        _backdate(now)
    return f"{created} assignment rules" if created else ""


def _backdate(now: datetime) -> None:
    """Make the picture realistic: some people were assigned the first course long ago and are late."""
    rows = db.session.execute(
        select(Assignment).join(User, Assignment.user_id == User.id)
        .where(Assignment.source == "rule", User.employee_no.like("E1%"))
        .order_by(Assignment.course_slug, User.employee_no)).scalars().all()
    first = rows[0].course_slug if rows else None
    for row in rows:
        if row.course_slug == first and row.user_id % 3 == 0:
            row.assigned_at, row.due_at = now - timedelta(days=60), now - timedelta(days=10)
    db.session.flush()
