"""Issuing certificates when the rule is met: exactly once, sealed, sequential serials, renewals."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, text

from elearn.audit.models import AuditEntry
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.certificates.status import Status
from elearn.extensions import db

NOW = datetime(2026, 11, 28, 6, 0, 0)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_meeting_the_rule_issues_a_sealed_certificate_at_once(app, make_user, world):
    user = make_user(display_name="欧阳龘")
    world.complete(user, percent=92.5)
    cert = services.issue_if_met(user, "contract", NOW, world.learning())
    db.session.commit()
    assert cert.serial == "ELC-2026-000001"
    assert (cert.holder_name, cert.employee_no, cert.score) == ("欧阳龘", user.employee_no, 92.5)
    assert (cert.course_version, cert.course_title_zh, cert.course_title_en) == (
        1,
        "合同与还款义务",
        "Contract and repayment",
    )
    assert cert.expires_at == NOW + timedelta(days=365)
    assert services.intact(cert)
    assert len(cert.code) == 26
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "certificate.issued" in actions


def test_nothing_is_issued_while_something_is_missing(app, make_user, world):
    world.publish(scenarios=["first-contact"])
    user = make_user()
    world.complete(user, scenarios=[])
    assert services.issue_if_met(user, "contract", NOW, world.learning()) is None
    evaluation = services.requirements(user, "contract", world.learning())
    assert [m.kind for m in evaluation.missing] == ["scenario"]
    assert count() == 0


def test_issuing_twice_is_impossible(app, make_user, world):
    user = make_user()
    world.complete(user)
    first = services.issue_if_met(user, "contract", NOW, world.learning())
    again = services.issue_if_met(user, "contract", NOW + timedelta(minutes=1), world.learning())
    db.session.commit()
    assert first is not None and again is None
    assert count() == 1


def test_the_unique_head_key_returns_the_winner_when_a_duplicate_slips_through(app, make_user, world, monkeypatch):
    """The concurrent case on one connection: the check saw no certificate, then the insert collides."""
    user = make_user()
    world.complete(user)
    winner = services.issue_if_met(user, "contract", NOW, world.learning())
    monkeypatch.setattr(services, "head_certificate", lambda *args: None)  # the check saw nothing
    loser = services.issue_if_met(user, "contract", NOW, world.learning())
    db.session.commit()
    assert loser.id == winner.id
    assert count() == 1
    assert db.session.scalar(text("SELECT last FROM certificate_serials WHERE year = 2026")) == 1


def test_serials_are_sequential_per_year(app, make_user, world):
    users = [make_user() for _ in range(3)]
    for user in users:
        world.complete(user)
    serials = [services.issue_if_met(u, "contract", NOW, world.learning()).serial for u in users[:2]]
    next_year = datetime(2027, 1, 2, 0, 0)  # 08:00 in Shanghai: the local year decides
    serials.append(services.issue_if_met(users[2], "contract", next_year, world.learning()).serial)
    db.session.commit()
    assert serials == ["ELC-2026-000001", "ELC-2026-000002", "ELC-2027-000001"]


def test_local_year_decides_the_serial(app, make_user, world):
    user = make_user()
    world.complete(user)
    cert = services.issue_if_met(user, "contract", datetime(2026, 12, 31, 17, 0), world.learning())
    assert cert.serial.startswith("ELC-2027-")  # 01:00 on 1 January in Shanghai


def test_renewal_needs_a_reason_and_new_evidence(app, make_user, world):
    user = make_user()
    world.complete(user)
    old = services.issue_if_met(user, "contract", NOW, world.learning())
    soon = old.expires_at - timedelta(days=10)
    assert services.issue_if_met(user, "contract", soon, world.learning()) is None  # same old attempt
    world.pass_quiz(user)
    assert services.issue_if_met(user, "contract", NOW + timedelta(days=1), world.learning()) is None  # not due
    new = services.issue_if_met(user, "contract", soon, world.learning())
    db.session.commit()
    assert new.replaces_id == old.id and new.replaces_serial == old.serial
    assert new.expires_at == soon + timedelta(days=365)
    assert old.head_key is None and new.head_key == f"{user.id}:contract"
    assert services.certificate_status(user, "contract", soon).serial == new.serial


def test_a_version_that_requires_recertification_renews_with_a_new_attempt(app, make_user, world):
    user = make_user()
    world.complete(user)
    old = services.issue_if_met(user, "contract", NOW, world.learning())
    world.publish(version=2, recertify=True)
    world.complete(user)
    new = services.issue_if_met(user, "contract", NOW + timedelta(days=30), world.learning())
    assert new.course_version == 2 and new.replaces_id == old.id


def test_status_for_other_domains(app, make_user, world):
    user = make_user()
    assert services.certificate_status(user, "contract", NOW) is None
    world.complete(user)
    cert = services.issue_if_met(user, "contract", NOW, world.learning())
    status = services.certificate_status(user, "contract", NOW)
    assert status.status is Status.VALID and status.current
    later = cert.expires_at - timedelta(days=5)
    assert services.certificate_status(user, "contract", later).status is Status.EXPIRING
    assert services.certificate_status(user, "contract", cert.expires_at).status is Status.EXPIRED


def test_learning_progress_signal_issues_inside_the_senders_transaction(app, make_user, world, monkeypatch):
    from elearn.core.events import learning_progress

    monkeypatch.setattr(services, "real_learning", world.learning)
    user = make_user()
    world.complete(user)
    learning_progress.send(app, user=user, course_slug="contract", now=NOW)
    db.session.commit()
    assert count() == 1
