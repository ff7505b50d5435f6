"""Rules reach the right people once; manual and recertification assignments set due dates."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from elearn.auth.models import Department
from elearn.core.clock import now
from elearn.employees import assigning
from elearn.employees.models import Assignment
from elearn.extensions import db


@pytest.fixture
def org(app, make_user):
    centre = Department(code="c", name="催收中心", level="centre")
    one = Department(code="d1", name="催收一部", parent=centre)
    team = Department(code="t1", name="A组", parent=one, level="team")
    two = Department(code="d2", name="催收二部", parent=centre)
    db.session.add_all([centre, one, team, two])
    db.session.commit()
    people = {
        "a": make_user(department=team, position="催收专员", hire_date=date.today() - timedelta(days=5)),
        "b": make_user(department=two, position="组长", hire_date=date(2020, 1, 1)),
        "c": make_user(department=one, position="催收专员", hire_date=date(2021, 1, 1)),
    }
    return {"centre": centre, "one": one, "two": two, "people": people, "hr": make_user("hr")}


def assigned(slug):
    rows = db.session.scalars(select(Assignment).where(Assignment.course_slug == slug))
    return {a.user_id: a for a in rows}


def test_department_rule_covers_the_subtree_once(org):
    moment = now()
    assigning.create_rule(org["hr"], moment, course_slug="law", kind="department", due_days=14,
                          department_id=org["one"].id)
    got = assigned("law")
    assert set(got) == {org["people"]["a"].id, org["people"]["c"].id}
    # Due at 23:59:59 Shanghai time on the 14th local day after today (stored as naive UTC): the local
    # date, not the UTC date, which differs from 16:00 to 24:00 UTC.
    shanghai = ZoneInfo("Asia/Shanghai")
    local_today = moment.replace(tzinfo=UTC).astimezone(shanghai).date()
    due = got[org["people"]["a"].id].due_at.replace(tzinfo=UTC).astimezone(shanghai)
    assert (due.date(), due.time()) == (local_today + timedelta(days=14), time(23, 59, 59))
    assert assigning.apply_rules(moment) == 0  # cron twice: nothing new


def test_position_and_new_hire_rules(org):
    moment = now()
    assigning.create_rule(org["hr"], moment, course_slug="lead", kind="position", due_days=7, position="组长")
    assigning.create_rule(org["hr"], moment, course_slug="intro", kind="new_hires", due_days=7, new_hire_days=30)
    assert set(assigned("lead")) == {org["people"]["b"].id}
    assert set(assigned("intro")) == {org["people"]["a"].id}


def test_everyone_rule_skips_leavers(org):
    org["people"]["c"].active = False
    assigning.create_rule(org["hr"], now(), course_slug="all", kind="everyone", due_days=30)
    assert org["people"]["c"].id not in assigned("all")
    assert org["people"]["a"].id in assigned("all")


def test_bad_rules_are_refused(org):
    with pytest.raises(assigning.AssignmentError):
        assigning.create_rule(org["hr"], now(), course_slug="x", kind="department", due_days=1)
    with pytest.raises(assigning.AssignmentError):
        assigning.create_rule(org["hr"], now(), course_slug="x", kind="nobody", due_days=1)


def test_manual_assignment_and_due_date_change(org):
    a = org["people"]["a"]
    assigning.assign_manual(org["hr"], [a], "law", date(2027, 1, 31), now())
    assigning.assign_manual(org["hr"], [a], "law", date(2027, 2, 28), now())
    row = assigned("law")[a.id]
    assert row.source == "manual" and row.due_at == datetime(2027, 2, 28, 15, 59, 59)
    assert [x.course_slug for x in assigning.my_assignments(a)] == ["law"]


def test_recertification_reopens_once_per_expiry(org):
    a = org["people"]["a"]
    assigning.assign_manual(org["hr"], [a], "law", None, now())
    expires = now() + timedelta(days=20)
    assert assigning.recertify(now(), [(a.id, "law", expires)]) == 1
    assert assigning.recertify(now(), [(a.id, "law", expires)]) == 0
    row = assigned("law")[a.id]
    assert row.source == "recertification" and row.due_at == expires
