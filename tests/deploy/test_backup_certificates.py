"""Backup and restore: `flask backup FILE` copies the live SQLite database; an app opened on the copy finds every
certificate (serial, holder, seal still verifying)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.certificates.verification import verify_code
from elearn.core.clock import now
from elearn.extensions import db
from tests.certificates.conftest import FakeLearning

pytestmark = pytest.mark.sqlite_only


def issue_certificates(make_user, count: int) -> list[dict]:
    """Issue `count` real certificates through the issuing service; return what each should still show."""
    fake = FakeLearning()
    fake.publish()
    issued = []
    for n in range(count):
        user = make_user(display_name=f"备份测试{n}")
        fake.complete(user)
        cert = services.issue_if_met(user, "contract", now(), fake.learning())
        db.session.commit()
        issued.append({"code": cert.code, "serial": cert.serial, "holder": cert.holder_name, "user_id": user.id})
    return issued


def test_restored_backup_holds_every_certificate(app, app_factory, runner, make_user, tmp_path):
    issued = issue_certificates(make_user, 4)
    target = tmp_path / "restore" / "elearn-backup.db"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    assert target.exists() and "backup written" in result.output
    restored = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{target}")
    with restored.app_context():
        rows = {c.code: c for c in db.session.scalars(select(Certificate))}
        assert set(rows) == {i["code"] for i in issued}
        for expected in issued:
            cert = rows[expected["code"]]
            assert (cert.serial, cert.holder_name, cert.user_id) == (
                expected["serial"], expected["holder"], expected["user_id"])
            answer = verify_code(expected["code"], now())
            assert answer.genuine, answer.outcome
            assert answer.serial == expected["serial"]
        db.session.remove()


def test_backup_of_a_database_changed_afterwards_still_holds_the_old_state(app, app_factory, runner, make_user,
                                                                         tmp_path):
    first = issue_certificates(make_user, 2)
    target = tmp_path / "before.db"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    later = issue_certificates(make_user, 1)

    restored = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{target}")
    with restored.app_context():
        codes = set(db.session.scalars(select(Certificate.code)))
        db.session.remove()
    assert codes == {c["code"] for c in first}
    assert later[0]["code"] not in codes
