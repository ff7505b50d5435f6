"""Pure core of assignments: which rule reaches which employee, and when work is due.

No Flask and no SQLAlchemy: the service reads rules and employees into these small values,
asks :func:`plan_assignments` what is missing, and writes only that (so running it twice
creates nothing the second time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from elearn.core.clock import local_today

RULE_KINDS = ("everyone", "department", "position", "new_hires")


@dataclass(frozen=True)
class RuleSpec:
    """A rule: ``kind`` with its target, the course, and days from assignment to due date."""

    id: int
    kind: str
    course_slug: str
    due_days: int
    department_ids: frozenset[int] = frozenset()  # already expanded to the whole subtree
    position: str = ""
    new_hire_days: int = 0


@dataclass(frozen=True)
class Person:
    id: int
    department_id: int | None
    position: str
    hire_date: date | None
    active: bool = True


@dataclass(frozen=True)
class NewAssignment:
    user_id: int
    course_slug: str
    rule_id: int
    due_at: datetime


def subtree_ids(parents: Mapping[int, int | None], root: int) -> frozenset[int]:
    """Every department under ``root`` (itself included), given child -> parent ids.

    Cycles in bad data cannot loop forever: each department is visited once.
    """
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return frozenset(found)


def rule_matches(rule: RuleSpec, person: Person, today: date) -> bool:
    """True when ``rule`` reaches ``person`` today; leavers are never assigned anything."""
    if not person.active:
        return False
    if rule.kind == "everyone":
        return True
    if rule.kind == "department":
        return person.department_id is not None and person.department_id in rule.department_ids
    if rule.kind == "position":
        return bool(rule.position) and person.position.strip() == rule.position.strip()
    if rule.kind == "new_hires":
        if person.hire_date is None:
            return False
        age = (today - person.hire_date).days
        return 0 <= age <= rule.new_hire_days
    raise ValueError(f"unknown rule kind {rule.kind!r}")


DEFAULT_TZ = "Asia/Shanghai"


def end_of_day(day: date, tz: str = DEFAULT_TZ) -> datetime:
    """23:59:59 of ``day`` in the employees' time zone, as the stored naive UTC."""
    local = datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC).replace(tzinfo=None)


def due_at(assigned_at: datetime, due_days: int, tz: str = DEFAULT_TZ) -> datetime:
    """End of the local day ``due_days`` after assignment (``assigned_at`` is naive UTC)."""
    return end_of_day(local_today(assigned_at, tz) + timedelta(days=max(due_days, 0)), tz)


def plan_assignments(
    rules: Iterable[RuleSpec],
    people: Iterable[Person],
    already: set[tuple[int, str]],
    now: datetime,
    tz: str = DEFAULT_TZ,
) -> list[NewAssignment]:
    """List the (employee, course) assignments the rules call for and that do not exist yet.

    When two rules give the same course to one person, the earlier due date wins. Days (the new-hire
    window, the due date) are calendar days in ``tz``, the employees' time zone, not UTC days.
    """
    wanted: dict[tuple[int, str], NewAssignment] = {}
    people = list(people)
    today = local_today(now, tz)
    for rule in rules:
        due = due_at(now, rule.due_days, tz)
        for person in people:
            key = (person.id, rule.course_slug)
            if key in already or not rule_matches(rule, person, today):
                continue
            if key not in wanted or due < wanted[key].due_at:
                wanted[key] = NewAssignment(person.id, rule.course_slug, rule.id, due)
    return sorted(wanted.values(), key=lambda a: (a.user_id, a.course_slug))
