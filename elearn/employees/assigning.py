"""Assignment use cases: rules, manual assignment, recertification and the learner's own list.

Services take the acting user and ``now``, add and flush; the caller commits once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.employees import rules as pure
from elearn.employees.models import Assignment, AssignmentRule
from elearn.employees.services import department_subtree
from elearn.extensions import db


def _tz() -> str:
    """The employees' time zone: due dates end at 23:59:59 there."""
    return current_app.config["DISPLAY_TIMEZONE"]


class AssignmentError(ValueError):
    """A rule or assignment that cannot be made (unknown kind, missing target)."""


def course_options() -> list[tuple[str, dict]]:
    """(slug, title dict) of every published course, for forms and filters."""
    from elearn.courses.models import Course, CourseVersion

    rows = db.session.execute(
        select(Course.slug, CourseVersion.title)
        .join(CourseVersion, Course.current_version_id == CourseVersion.id)
        .order_by(Course.slug)
    )
    return [(slug, title or {}) for slug, title in rows]


def create_rule(actor, now: datetime, *, course_slug: str, kind: str, due_days: int,
                department_id: int | None = None, position: str = "", new_hire_days: int = 0) -> AssignmentRule:
    """Add a rule and apply it at once; raises AssignmentError when its target is missing."""
    if kind not in pure.RULE_KINDS:
        raise AssignmentError(f"unknown rule kind {kind!r}")
    if kind == "department" and not department_id:
        raise AssignmentError("a department rule needs a department")
    if kind == "position" and not position.strip():
        raise AssignmentError("a position rule needs a position")
    if kind == "new_hires" and new_hire_days <= 0:
        raise AssignmentError("a new-hire rule needs a number of days")
    rule = AssignmentRule(
        course_slug=course_slug, kind=kind, due_days=max(due_days, 0), position=position.strip() or None,
        department_id=department_id if kind == "department" else None, new_hire_days=new_hire_days,
        created_at=now, created_by_id=getattr(actor, "id", None),
    )
    db.session.add(rule)
    db.session.flush()
    record(actor, "assignments.rule_created", f"rule:{rule.id}",
           {"course": course_slug, "kind": kind, "department_id": department_id, "position": position,
            "new_hire_days": new_hire_days, "due_days": due_days}, now)
    apply_rules(now, actor=actor, only=[rule])
    return rule


def deactivate_rule(actor, rule: AssignmentRule, now: datetime) -> None:
    """Stop a rule from assigning more people; assignments already made stay."""
    rule.active = False
    record(actor, "assignments.rule_deactivated", f"rule:{rule.id}", {"course": rule.course_slug}, now)
    db.session.flush()


def _spec(rule: AssignmentRule, parents_cache: dict) -> pure.RuleSpec:
    depts = frozenset()
    if rule.kind == "department" and rule.department_id:
        if rule.department_id not in parents_cache:
            parents_cache[rule.department_id] = department_subtree(rule.department_id)
        depts = parents_cache[rule.department_id]
    return pure.RuleSpec(rule.id, rule.kind, rule.course_slug, rule.due_days, depts, rule.position or "",
                         rule.new_hire_days)


def apply_rules(now: datetime, actor=None, only: list[AssignmentRule] | None = None) -> int:
    """Create the assignments active rules call for and that do not exist yet; returns how many.

    Idempotent: meant for cron (``flask employees assign``) and run when a rule is created.
    """
    rules = only if only is not None else db.session.scalars(select(AssignmentRule).where(AssignmentRule.active))
    cache: dict = {}
    specs = [_spec(r, cache) for r in rules]
    if not specs:
        return 0
    people = [
        pure.Person(uid, dept, pos or "", hired, True)
        for uid, dept, pos, hired in db.session.execute(
            select(User.id, User.department_id, User.position, User.hire_date).where(User.active)
        )
    ]
    slugs = {s.course_slug for s in specs}
    already = set(db.session.execute(
        select(Assignment.user_id, Assignment.course_slug).where(Assignment.course_slug.in_(slugs))
    ))
    new = pure.plan_assignments(specs, people, already, now, _tz())
    db.session.add_all(
        Assignment(user_id=a.user_id, course_slug=a.course_slug, source="rule", rule_id=a.rule_id,
                   assigned_at=now, due_at=a.due_at, assigned_by_id=getattr(actor, "id", None),
                   active=True, updated_at=now)
        for a in new
    )
    db.session.flush()
    return len(new)


def assign_manual(actor, users: list[User], course_slug: str, due: date | None, now: datetime) -> int:
    """Assign a course to chosen people (or move the due date of an existing assignment)."""
    due_at = pure.end_of_day(due, _tz()) if due else None
    existing = {a.user_id: a for a in db.session.scalars(
        select(Assignment).where(Assignment.course_slug == course_slug,
                                 Assignment.user_id.in_([u.id for u in users])))}
    for user in users:
        row = existing.get(user.id)
        if row is None:
            db.session.add(Assignment(user_id=user.id, course_slug=course_slug, source="manual", assigned_at=now,
                                      due_at=due_at, assigned_by_id=getattr(actor, "id", None), active=True,
                                      updated_at=now))
        else:
            row.due_at, row.active, row.updated_at = due_at, True, now
    record(actor, "assignments.manual", f"course:{course_slug}",
           {"employees": [u.employee_no for u in users], "due": due.isoformat() if due else None}, now)
    db.session.flush()
    return len(users)


def cancel_assignment(actor, assignment: Assignment, now: datetime) -> None:
    """An assignment made in error stops counting in the matrix (the row stays for the record)."""
    assignment.active = False
    assignment.updated_at = now
    record(actor, "assignments.cancelled", f"user:{assignment.user_id}", {"course": assignment.course_slug}, now)
    db.session.flush()


def recertify(now: datetime, expiring: list[tuple[int, str, datetime]], lead_days: int = 0) -> int:
    """Re-open courses whose certificate expires soon: (user id, course slug, expires at) triples.

    The assignment's due date becomes the expiry date (minus ``lead_days``); an assignment already
    re-opened for this expiry is left alone, so cron can run this daily.
    """
    if not expiring:
        return 0
    keys = {(uid, slug) for uid, slug, _ in expiring}
    rows = {(a.user_id, a.course_slug): a for a in db.session.scalars(
        select(Assignment).where(Assignment.user_id.in_({k[0] for k in keys})))}
    changed = 0
    for uid, slug, expires_at in expiring:
        due = expires_at - timedelta(days=lead_days)
        row = rows.get((uid, slug))
        if row is not None and row.source == "recertification" and row.due_at == due and row.active:
            continue
        if row is None:
            row = Assignment(user_id=uid, course_slug=slug, assigned_at=now, active=True, updated_at=now)
            db.session.add(row)
        row.source, row.due_at, row.assigned_at, row.active, row.updated_at = "recertification", due, now, True, now
        changed += 1
    db.session.flush()
    return changed


def my_assignments(user: User) -> list[Assignment]:
    """The learner's own open assignments, soonest due first."""
    return list(db.session.scalars(
        select(Assignment).where(Assignment.user_id == user.id, Assignment.active)
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.course_slug)
    ))
