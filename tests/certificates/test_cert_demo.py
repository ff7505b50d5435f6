"""The demo seed gives HR a realistic spread (valid, expiring, expired, revoked, renewed); every certificate of
the past months is earned on the full rule, with dates that follow the evidence; running it again changes
nothing."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from elearn.certificates import demo, services
from elearn.certificates.models import Certificate
from elearn.certificates.status import Status
from elearn.core.clock import now
from elearn.extensions import db

COURSES = ("contract", "privacy", "conduct")


@pytest.fixture
def demo_world(app, make_user, world, monkeypatch):
    """Three courses that each need a scenario; 30 employees: most finished lessons and quiz of some
    course (without the scenario), one met the full rule, the rest did nothing; the two demo accounts
    (`learner` finished the second course's lessons). The quiz and calls the demo plays go to the fake."""
    for slug in COURSES:
        world.publish(slug=slug, quiz=f"{slug}-quiz", scenarios=["first-call"])
    monkeypatch.setattr(services, "real_learning", world.learning)
    monkeypatch.setattr("elearn.courses.services.current_courses", lambda: list(world.courses.values()))
    people = [make_user(username=f"E{n:05d}", employee_no=f"E{n:05d}", hire_date=date(2020, 1, 1)) for n in range(30)]
    for index, user in enumerate(people[:24]):
        slug = COURSES[index % 3]
        world.complete(user, slug, quiz=f"{slug}-quiz", percent=80 + index % 20)
    world.complete(people[24], "privacy", quiz="privacy-quiz", scenarios=["first-call"])
    learner = make_user(username="learner", employee_no="E10001", display_name="王小明", hire_date=date(2026, 9, 1))
    world.lessons[(learner.id, "privacy")] = world.courses["privacy"].current_version.lessons_total
    monkeypatch.setattr(demo, "_take_quiz", lambda user, quiz, when: world.pass_quiz(user, quiz))
    monkeypatch.setattr(demo, "_pass_scenario", lambda user, course, slug, when: _pass(world, user, course, slug))
    make_user(username="learner2", employee_no="E10002", display_name="欧阳娜娜", hire_date=date(2026, 10, 8))
    make_user("hr", username="hr")
    return world, people


def _pass(world, user, course_slug, slug):
    world.scenarios.setdefault((user.id, course_slug), set()).add(slug)
    return True


def _certificates():
    return list(db.session.scalars(select(Certificate).order_by(Certificate.year, Certificate.number)))


def test_demo_seed_gives_the_spread_hr_expects(app, demo_world):
    moment = now()
    summary = demo.seed(moment)
    db.session.commit()
    certs = _certificates()
    statuses = Counter(services.status_of(c, moment) for c in certs)
    assert 20 <= len(certs) <= 30, summary
    assert statuses[Status.VALID] >= len(certs) // 2
    assert statuses[Status.EXPIRING] >= 3 and statuses[Status.EXPIRED] >= 3
    revoked = [c for c in certs if c.revoked_at is not None]
    assert 1 <= len(revoked) <= 2 and all(c.revoke_reason and c.revoked_by.username == "hr" for c in revoked)
    renewed = [c for c in certs if c.replaces_id is not None]
    assert len(renewed) == 1
    assert services.status_of(renewed[0].replaces, moment) == Status.EXPIRED
    assert {c.course_slug for c in certs} == set(COURSES)
    assert all(services.intact(c) for c in certs)
    assert [c.issued_at for c in certs if c.year == moment.year] == sorted(
        c.issued_at for c in certs if c.year == moment.year
    ), "serials follow issue dates"


def test_demo_certificates_of_the_past_months_meet_the_rule(app, demo_world):
    moment = now()
    demo.seed(moment)
    db.session.commit()
    certs = _certificates()
    world, people = demo_world
    recent = [c for c in certs if c.issued_at >= moment - timedelta(days=200)]
    assert len(recent) >= 15
    for cert in recent:
        assert services.requirements(cert.user, cert.course_slug, world.learning()).met, cert.serial
        result = world.quiz[(cert.user_id, f"{cert.course_slug}-quiz")]  # the score and attempt are theirs
        assert (cert.score, cert.quiz_attempt_id) == (result.grade_percent, result.attempt_id)
    for cert in certs:
        assert cert.user.hire_date <= cert.issued_at.date() <= moment.date()
    renewed = next(c for c in certs if c.replaces_id is not None)
    assert renewed in recent and renewed.replaces.score is None
    idle = {u.id for u in people[25:]}
    assert all(c.score is None and c not in recent for c in certs if c.user_id in idle)


def test_demo_accounts_and_idempotence(app, demo_world):
    moment = now()
    demo.seed(moment)
    db.session.commit()
    before = [(c.serial, c.signature, c.revoked_at) for c in _certificates()]
    by_user = Counter(c.user.username for c in _certificates())
    assert by_user["learner"] == 1 and by_user["learner2"] == 0
    learner_cert = next(c for c in _certificates() if c.user.username == "learner")
    assert services.status_of(learner_cert, moment) == Status.VALID
    assert demo.seed(moment + timedelta(minutes=5)).startswith("0 certificates issued")
    db.session.commit()
    assert [(c.serial, c.signature, c.revoked_at) for c in _certificates()] == before
