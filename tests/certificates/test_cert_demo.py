"""The demo seed issues only what the demo progress has earned, and is idempotent."""

from sqlalchemy import func, select

from elearn.certificates import demo, services
from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.extensions import db


def test_demo_seed_issues_for_those_who_meet_the_rule_and_is_idempotent(app, make_user, world, monkeypatch):
    monkeypatch.setattr(services, "real_learning", world.learning)
    monkeypatch.setattr("elearn.courses.services.current_courses", lambda: list(world.courses.values()))
    for course in world.courses.values():
        course.slug = "contract"
    done = [make_user() for _ in range(8)]
    make_user()  # has done nothing
    for user in done:
        world.complete(user)
    summary = demo.seed(now())
    db.session.commit()
    assert summary.startswith("8 certificates issued")
    assert demo.seed(now()).startswith("0 certificates issued")
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 8
