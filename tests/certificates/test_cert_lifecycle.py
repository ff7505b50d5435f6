"""Expiry re-assignment and recertification on a new course version."""

from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.certificates import lifecycle, services
from elearn.core.clock import now
from elearn.employees.models import Assignment
from elearn.extensions import db

NOW = datetime(2026, 11, 28, 6, 0, 0)


def issue(make_user, world, when=NOW):
    user = make_user()
    world.complete(user)
    cert = services.issue_if_met(user, "contract", when, world.learning())
    db.session.commit()
    return user, cert


def assignments():
    return db.session.scalars(select(Assignment).order_by(Assignment.user_id)).all()


def test_course_is_reassigned_before_expiry_once(app, make_user, world):
    user, cert = issue(make_user, world)
    assert lifecycle.sweep(cert.expires_at - timedelta(days=31), world.learning()) == {"expiring": 0, "new_version": 0}
    moment = cert.expires_at - timedelta(days=29)
    assert lifecycle.sweep(moment, world.learning())["expiring"] == 1
    db.session.commit()
    rows = assignments()
    assert [(r.user_id, r.course_slug, r.source, r.due_at) for r in rows] == [
        (user.id, "contract", "recertification", cert.expires_at)
    ]
    assert cert.reassigned_at == moment
    assert lifecycle.sweep(moment + timedelta(days=1), world.learning())["expiring"] == 0  # never twice
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate.reassigned")).one()


def test_renewal_after_reassignment_links_to_the_old_certificate(app, make_user, world):
    user, cert = issue(make_user, world)
    moment = cert.expires_at - timedelta(days=20)
    lifecycle.sweep(moment, world.learning())
    world.pass_quiz(user)
    new = services.issue_if_met(user, "contract", moment, world.learning())
    db.session.commit()
    assert new.replaces_id == cert.id and new.reassigned_at is None


def test_revoked_certificates_are_not_reassigned(app, make_user, world):
    _, cert = issue(make_user, world)
    services.revoke(cert, None, "error", NOW)
    assert lifecycle.sweep(cert.expires_at - timedelta(days=1), world.learning())["expiring"] == 0


def test_a_recertifying_version_reopens_the_course_for_holders_of_older_versions(app, make_user, world):
    holder, _ = issue(make_user, world)
    world.publish(version=2, recertify=False)
    assert lifecycle.sweep(NOW + timedelta(days=1), world.learning())["new_version"] == 0
    world.publish(version=3, recertify=True)
    later = NOW + timedelta(days=2)
    assert lifecycle.sweep(later, world.learning())["new_version"] == 1
    db.session.commit()
    [row] = assignments()
    assert row.user_id == holder.id and row.due_at == later + timedelta(days=30)


def test_sweep_command(runner, make_user, world, monkeypatch):
    monkeypatch.setattr(services, "real_learning", world.learning)
    issue(make_user, world, when=now() - timedelta(days=350))
    result = runner.invoke(args=["certificates", "sweep"])
    assert result.exit_code == 0 and "1 expiring" in result.output


def test_the_daily_sweep_runs_on_the_task_queue(app, make_user, world, monkeypatch):
    monkeypatch.setattr(services, "real_learning", world.learning)
    user, cert = issue(make_user, world, when=now() - timedelta(days=350))
    app.extensions["elearn_tasks"]["certificates.sweep"]()  # the test queue runs tasks at once
    db.session.expire_all()
    assert [(r.user_id, r.source) for r in assignments()] == [(user.id, "recertification")]


def test_progress_after_reassignment_renews_even_if_the_counted_attempt_is_the_old_one(app, make_user, world):
    """With "highest" grading a weaker new attempt does not change the counted attempt: the re-assignment
    and the progress event that follows it are the evidence."""
    user, cert = issue(make_user, world)
    moment = cert.expires_at - timedelta(days=20)
    assert services.issue_if_met(user, "contract", moment, world.learning()) is None  # not re-assigned yet
    lifecycle.sweep(moment, world.learning())
    assert services.issue_if_met(user, "contract", moment, world.learning()) is None  # same instant: no progress
    new = services.issue_if_met(user, "contract", moment + timedelta(hours=1), world.learning())
    assert new is not None and new.replaces_id == cert.id
