"""Exactly-once issuance under concurrent requests (PostgreSQL: real row locks and unique checks)."""

import os
import threading

import pytest
from sqlalchemy import func, select, text

from elearn.auth.models import User
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.extensions import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="concurrency is tested on PostgreSQL (CI sets TEST_DATABASE_URL)"
)
THREADS = 6


def race(app, user_ids, learning, monkeypatch):
    """Every thread checks for an existing certificate, waits for the others, then tries to issue."""
    barrier = threading.Barrier(len(user_ids), timeout=20)
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
            with app.app_context():
                user = db.session.get(User, user_id)
                cert = services.issue_if_met(user, "contract", now(), learning)
                db.session.commit()
                results.append(cert.serial if cert else None)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    monkeypatch.undo()
    return results, errors


def test_concurrent_requests_issue_one_certificate(app, make_user, world, monkeypatch):
    user = make_user()
    world.complete(user)
    results, errors = race(app, [user.id] * THREADS, world.learning(), monkeypatch)
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert len(set(results)) == 1 and results[0] is not None  # every request saw the same certificate
    year = results[0].split("-")[1]
    assert db.session.scalar(text(f"SELECT last FROM certificate_serials WHERE year = {int(year)}")) == 1


def test_concurrent_issuance_for_different_people_gives_gapless_serials(app, make_user, world, monkeypatch):
    users = [make_user() for _ in range(THREADS)]
    for user in users:
        world.complete(user)
    results, errors = race(app, [u.id for u in users], world.learning(), monkeypatch)
    assert errors == []
    numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in results)
    assert numbers == list(range(1, THREADS + 1))
