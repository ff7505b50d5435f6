"""Fifty at once on PostgreSQL: fifty requests that would issue the same certificate issue one; fifty different
people get fifty distinct, consecutive serials. Every thread has its own app context, session and connection,
and all of them check for an existing certificate before any of them writes (a barrier holds them)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from elearn.certificates.models import Certificate
from elearn.extensions import db
from tests.certificates.conftest import issue_race

pytestmark = pytest.mark.postgres_only
THREADS = 50


def race(app_factory, user_ids, learning, monkeypatch):
    """issue_if_met for each id in its own thread, on an app whose pool holds every thread; (serials, errors)."""
    racer = app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": THREADS, "max_overflow": 5})
    return issue_race(racer, user_ids, learning, monkeypatch, timeout=120)


def test_fifty_requests_for_one_person_issue_one_certificate(app, app_factory, make_user, world, monkeypatch):
    user = make_user()
    world.complete(user)

    results, errors = race(app_factory, [user.id] * THREADS, world.learning(), monkeypatch)

    assert errors == []
    assert len(results) == THREADS
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert len(set(results)) == 1 and results[0] is not None  # every request answered with the same certificate
    year = int(results[0].split("-")[1])
    assert db.session.scalar(text("SELECT last FROM certificate_serials WHERE year = :y"), {"y": year}) == 1


def test_fifty_people_at_once_get_fifty_consecutive_serials(app, app_factory, make_user, world, monkeypatch):
    users = [make_user() for _ in range(THREADS)]
    for user in users:
        world.complete(user)

    results, errors = race(app_factory, [u.id for u in users], world.learning(), monkeypatch)

    assert errors == []
    assert len(set(results)) == THREADS
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in results)
    assert numbers == list(range(1, THREADS + 1))
    db.session.expire_all()
    owners = db.session.execute(select(Certificate.user_id, Certificate.serial)).all()
    assert sorted(uid for uid, _ in owners) == sorted(u.id for u in users)  # one each, nobody twice
