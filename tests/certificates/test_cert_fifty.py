"""Fifty at once on PostgreSQL: fifty requests that would issue the same certificate issue one; fifty different
people get fifty distinct, consecutive serials. Every thread has its own app context, session and connection,
and all of them check for an existing certificate before any of them writes (a barrier holds them)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from elearn.auth.models import User
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.extensions import db

pytestmark = pytest.mark.postgres_only
THREADS = 50


def race(app_factory, user_ids, learning, monkeypatch):
    """Run issue_if_met for each id in its own thread; returns (serials, errors)."""
    racer = app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": THREADS, "max_overflow": 5})
    barrier = threading.Barrier(len(user_ids), timeout=60)
    real_head = services.head_certificate
    local = threading.local()

    def head_then_wait(*args):
        found = real_head(*args)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait()
        return found

    monkeypatch.setattr(services, "head_certificate", head_then_wait)
    results, errors = [], []

    def worker(user_id):
        try:
            with racer.app_context():
                user = db.session.get(User, user_id)
                cert = services.issue_if_met(user, "contract", now(), learning)
                db.session.commit()
                results.append(cert.serial if cert else None)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    monkeypatch.undo()
    assert not any(t.is_alive() for t in threads)
    return results, errors


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
