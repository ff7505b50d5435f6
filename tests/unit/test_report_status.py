"""Compliance status of one cell, and the assignment rules that decide which cells exist."""

from datetime import date, datetime, timedelta

import pytest

from elearn.employees.rules import (
    Person,
    RuleSpec,
    due_at,
    plan_assignments,
    rule_matches,
    subtree_ids,
)
from elearn.reports.status import LABELS, STATUSES, Facts, due_window, status_of

NOW = datetime(2026, 11, 28, 12, 0)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    "facts,expected",
    [
        (Facts(), "not_started"),
        (Facts(started=True), "in_progress"),
        (Facts(started=True, completed=True), "completed"),
        (Facts(cert_issued=True, cert_expires_at=NOW + 200 * DAY), "certified"),
        (Facts(cert_issued=True), "certified"),
        (Facts(cert_issued=True, cert_expires_at=NOW + 10 * DAY), "expiring"),
        (Facts(cert_issued=True, cert_expires_at=NOW - DAY, completed=True), "expired"),
        (Facts(due_at=NOW - DAY, started=True), "overdue"),
        (Facts(due_at=NOW - DAY, cert_issued=True, cert_expires_at=NOW - 2 * DAY), "overdue"),
        (Facts(due_at=NOW - DAY, cert_issued=True, cert_expires_at=NOW + 100 * DAY), "certified"),
        (Facts(due_at=NOW + DAY), "not_started"),
    ],
)
def test_status_of(facts, expected):
    assert status_of(facts, NOW) == expected


def test_every_status_has_a_label():
    assert set(LABELS) == set(STATUSES)


def test_expiring_window_is_configurable():
    facts = Facts(cert_issued=True, cert_expires_at=NOW + 40 * DAY)
    assert status_of(facts, NOW, expiring_days=30) == "certified"
    assert status_of(facts, NOW, expiring_days=60) == "expiring"


def test_due_window_only_counts_unfinished_work():
    assert due_window("in_progress", NOW + 3 * DAY, NOW, 7)
    assert not due_window("in_progress", NOW + 9 * DAY, NOW, 7)
    assert not due_window("certified", NOW + 3 * DAY, NOW, 7)
    assert not due_window("overdue", NOW - DAY, NOW, 7)


PARENTS = {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: None}


def test_subtree_includes_root_and_all_descendants():
    assert subtree_ids(PARENTS, 2) == {2, 3, 4}
    assert subtree_ids(PARENTS, 1) == {1, 2, 3, 4, 5}
    assert subtree_ids({1: 2, 2: 1}, 1) == {1, 2}  # a cycle in bad data terminates


def person(pid=1, dept=3, position="催收专员", hired=date(2026, 11, 1), active=True):
    return Person(pid, dept, position, hired, active)


def test_rule_kinds():
    today = NOW.date()
    dept = RuleSpec(1, "department", "c", 30, department_ids=subtree_ids(PARENTS, 2))
    assert rule_matches(dept, person(dept=4), today)
    assert not rule_matches(dept, person(dept=5), today)
    pos = RuleSpec(2, "position", "c", 30, position="组长")
    assert rule_matches(pos, person(position="组长"), today)
    assert not rule_matches(pos, person(), today)
    hires = RuleSpec(3, "new_hires", "c", 30, new_hire_days=30)
    assert rule_matches(hires, person(hired=date(2026, 11, 1)), today)
    assert not rule_matches(hires, person(hired=date(2026, 9, 1)), today)
    assert not rule_matches(hires, person(hired=None), today)
    everyone = RuleSpec(4, "everyone", "c", 30)
    assert rule_matches(everyone, person(), today)
    assert not rule_matches(everyone, person(active=False), today)
    with pytest.raises(ValueError):
        rule_matches(RuleSpec(5, "bogus", "c", 1), person(), today)


def test_due_date_is_end_of_the_local_day_relative_to_assignment():
    assert due_at(NOW, 14) == datetime(2026, 12, 12, 15, 59, 59)  # 23:59:59 in Shanghai
    late_evening_utc = datetime(2026, 11, 28, 17, 0)  # already the 29th in Shanghai
    assert due_at(late_evening_utc, 0) == datetime(2026, 11, 29, 15, 59, 59)


def test_plan_is_idempotent_and_earliest_due_wins():
    rules = [RuleSpec(1, "everyone", "law", 30), RuleSpec(2, "position", "law", 7, position="组长")]
    people = [person(1), person(2, position="组长"), person(3, active=False)]
    plan = plan_assignments(rules, people, set(), NOW)
    assert [(a.user_id, a.rule_id) for a in plan] == [(1, 1), (2, 2)]
    assert plan[1].due_at == due_at(NOW, 7)
    done = {(a.user_id, a.course_slug) for a in plan}
    assert plan_assignments(rules, people, done, NOW) == []


def test_the_new_hire_window_counts_local_days():
    """At 01:00 in Shanghai (17:00 UTC the day before) someone hired today is a new hire of day 0; the UTC
    date made it day -1, and the rule missed them until the next UTC day."""
    late_evening_utc = datetime(2026, 11, 28, 17, 0)
    hires = [RuleSpec(3, "new_hires", "intro", 7, new_hire_days=30)]
    hired_today = [person(1, hired=date(2026, 11, 29))]
    plan = plan_assignments(hires, hired_today, set(), late_evening_utc)
    assert [(a.user_id, a.due_at) for a in plan] == [(1, datetime(2026, 12, 6, 15, 59, 59))]
    in_utc = plan_assignments(hires, [person(1, hired=date(2026, 11, 28))], set(), late_evening_utc, "UTC")
    assert [a.due_at for a in in_utc] == [datetime(2026, 12, 5, 23, 59, 59)]
