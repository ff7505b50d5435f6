"""Verification (page, CLI, JSON), revocation, re-issue and tamper detection."""

import json
from datetime import datetime

from sqlalchemy import select, text

from elearn.audit.models import AuditEntry
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.core.clock import now, to_local
from elearn.extensions import db

NOW = now().replace(microsecond=0)
TODAY = to_local(NOW, "Asia/Shanghai").date()


def issued(make_user, world, name="欧阳娜娜"):
    user = make_user(display_name=name)
    world.complete(user)
    cert = services.issue_if_met(user, "contract", NOW, world.learning())
    db.session.commit()
    return user, cert


def test_verify_page_says_genuine_and_valid_with_a_masked_name(client, make_user, world):
    _, cert = issued(make_user, world)
    page = client.get(f"/verify/{cert.code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "真实有效" in body and "欧***" in body and "欧阳娜娜" not in body
    assert cert.serial in body and "合同与还款义务" in body
    assert cert.employee_no not in body


def test_verify_page_in_english(client, make_user, world):
    _, cert = issued(make_user, world)
    body = client.get(f"/verify/{cert.code}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Genuine and valid certificate" in body


def test_revoked_certificate_says_revoked_with_the_date(client, app, make_user, world):
    _, cert = issued(make_user, world)
    hr = make_user(role="hr")
    services.revoke(cert, hr, "考试舞弊", NOW)
    db.session.commit()
    assert services.intact(cert)
    body = client.get(f"/verify/{cert.code}").get_data(as_text=True)
    assert "证书真实，已于" in body and "吊销" in body and TODAY.isoformat() in body
    assert 'data-status="revoked"' in body
    assert "考试舞弊" not in body  # the reason is for HR and the audit log, not the public
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate.revoked")).one()
    assert "考试舞弊" in entry.details and entry.actor_id == hr.id


def test_an_edited_row_fails_verification(client, make_user, world):
    _, cert = issued(make_user, world)
    db.session.execute(
        text("UPDATE certificates SET expires_at = :d WHERE id = :id"), {"d": datetime(2099, 1, 1), "id": cert.id}
    )
    db.session.commit()
    page = client.get(f"/verify/{cert.code}")
    body = page.get_data(as_text=True)
    assert page.status_code == 404 and "完整性校验" in body
    assert cert.serial not in body and "2099" not in body


def test_an_unrevoked_row_is_detected(client, make_user, world):
    _, cert = issued(make_user, world)
    services.revoke(cert, None, "error", NOW)
    db.session.commit()
    db.session.execute(
        text("UPDATE certificates SET revoked_at = NULL, revoke_reason = NULL WHERE id = :id"), {"id": cert.id}
    )
    db.session.commit()
    assert "完整性校验" in client.get(f"/verify/{cert.code}").get_data(as_text=True)


def test_unknown_and_malformed_codes_reveal_nothing(client, make_user, world):
    _, cert = issued(make_user, world)
    unknown = client.get("/verify/" + "a" * 26)
    assert unknown.status_code == 404 and "没有证书使用此验证码" in unknown.get_data(as_text=True)
    bad = client.get("/verify/not-a-code")
    assert bad.status_code == 404 and "不是有效的验证码" in bad.get_data(as_text=True)
    for page in (unknown, bad):
        assert cert.serial not in page.get_data(as_text=True)


def test_verify_form_redirects_to_the_code_page(client, make_user, world):
    _, cert = issued(make_user, world)
    assert client.get("/verify").status_code == 200
    response = client.get("/verify", query_string={"code": cert.code.upper()})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{cert.code.upper()}")
    assert client.get(response.headers["Location"]).status_code == 200


def test_verify_is_rate_limited(app_factory, make_user, world):
    app = app_factory(RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.get("/verify/" + "b" * 26).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_cli_gives_the_same_answer(runner, make_user, world):
    _, cert = issued(make_user, world)
    result = runner.invoke(args=["certificates", "verify", cert.code])
    assert result.exit_code == 0 and "genuine: valid" in result.output and "欧***" in result.output
    services.revoke(cert, None, "error", NOW)
    db.session.commit()
    result = runner.invoke(args=["certificates", "verify", "--json", cert.code])
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["status"] == "revoked" and data["revoked_at"] == NOW.isoformat() + "Z"
    result = runner.invoke(args=["certificates", "verify", "z" * 26])
    assert result.exit_code == 1 and "unknown code" in result.output


def test_reissue_replaces_with_a_new_serial_and_audits(client, make_user, login, world):
    user, cert = issued(make_user, world)
    hr = make_user(role="hr")
    user.display_name = "欧阳娜"  # a corrected name
    db.session.commit()
    login(hr)
    response = client.post(f"/certificates/{cert.id}/reissue", data={"reason": "更正姓名"})
    assert response.status_code == 302
    new = db.session.scalars(select(Certificate).where(Certificate.replaces_id == cert.id)).one()
    db.session.refresh(cert)
    assert cert.revoked_at is not None and cert.head_key is None
    assert new.holder_name == "欧阳娜" and new.expires_at == cert.expires_at and new.serial != cert.serial
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"certificate.revoked", "certificate.reissued"} <= actions
    assert services.intact(new) and services.intact(cert)


def test_revoke_needs_hr_and_a_reason(client, make_user, login, world):
    user, cert = issued(make_user, world)
    login(user)
    assert client.post(f"/certificates/{cert.id}/revoke", data={"reason": "自己吊销"}).status_code == 403
    hr = make_user(role="hr")
    client.post("/auth/logout")
    login(hr)
    client.post(f"/certificates/{cert.id}/revoke", data={"reason": ""})
    db.session.refresh(cert)
    assert cert.revoked_at is None
    client.post(f"/certificates/{cert.id}/revoke", data={"reason": "违规操作"})
    db.session.refresh(cert)
    assert cert.revoked_at is not None and cert.revoke_reason == "违规操作"


def test_backfill_and_revoke_commands(runner, make_user, world, monkeypatch):
    monkeypatch.setattr(services, "real_learning", world.learning)
    monkeypatch.setattr("elearn.courses.services.current_courses", lambda: [world.courses["contract"]])
    world.courses["contract"].slug = "contract"
    user = make_user()
    world.complete(user)
    result = runner.invoke(args=["certificates", "backfill"])
    assert result.exit_code == 0 and "issued 1 certificates" in result.output
    assert runner.invoke(args=["certificates", "backfill"]).output.strip() == "issued 0 certificates"
    serial = db.session.scalars(select(Certificate.serial)).one()
    result = runner.invoke(args=["certificates", "revoke", serial, "--reason", "考试舞弊"])
    assert result.exit_code == 0
    assert runner.invoke(args=["certificates", "revoke", serial, "--reason", "again"]).exit_code == 1
    assert runner.invoke(args=["certificates", "revoke", "ELC-1999-000001", "--reason", "x"]).exit_code == 1


def test_rotating_the_secret_keeps_old_seals_checkable(app, make_user, world):
    _, cert = issued(make_user, world)
    old = app.config["SECRET_KEY"]
    app.config["CERT_SIGNING_SECRET"] = "a-new-signing-secret"
    assert not services.intact(cert)
    app.config["CERT_SIGNING_OLD_SECRETS"] = [old]
    assert services.intact(cert)


def test_blank_code_shows_the_form(client):
    page = client.get("/verify", query_string={"code": "  "})
    assert page.status_code == 200 and 'name="code"' in page.get_data(as_text=True)
