"""Learner and HR pages: my certificates, downloads (cached), badges, the HR list and the bulk ZIP."""

import base64
import io
import json
import zipfile

from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.certificates import badges, documents, services
from elearn.core.clock import now
from elearn.extensions import db


def issued(make_user, world, **fields):
    user = make_user(**fields)
    world.complete(user)
    cert = services.issue_if_met(user, "contract", now(), world.learning())
    db.session.commit()
    return user, cert


def test_my_certificates_lists_mine_only(client, make_user, login, world):
    me, mine = issued(make_user, world, display_name="王小明")
    _, theirs = issued(make_user, world, display_name="李雷")
    login(me)
    body = client.get("/certificates/").get_data(as_text=True)
    assert mine.serial in body and theirs.serial not in body
    assert "我的证书" in body and "有效" in body


def test_holder_downloads_their_pdf_and_others_get_404(client, make_user, login, world):
    me, mine = issued(make_user, world)
    _, theirs = issued(make_user, world)
    login(me)
    response = client.get(f"/certificates/{mine.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert mine.serial in response.headers["Content-Disposition"]
    assert client.get(f"/certificates/{theirs.id}/pdf").status_code == 404


def test_pdf_is_cached_and_regenerated_identically(app, make_user, world):
    _, cert = issued(make_user, world)
    first = documents.pdf_bytes(cert)
    path = documents.cache_path(documents.document_for(cert))
    assert path.read_bytes() == first
    path.unlink()
    assert documents.pdf_bytes(cert) == first  # rebuilt from the row, byte for byte


def test_hr_downloads_are_audited(client, make_user, login, world):
    _, cert = issued(make_user, world)
    hr = make_user(role="hr")
    login(hr)
    assert client.get(f"/certificates/{cert.id}/pdf").status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate.downloaded")).one()
    assert entry.actor_id == hr.id and cert.serial in entry.target


def test_revoked_certificate_is_not_offered_to_the_holder(client, make_user, login, world):
    me, cert = issued(make_user, world)
    services.revoke(cert, None, "error", now())
    db.session.commit()
    login(me)
    assert client.get(f"/certificates/{cert.id}/pdf").status_code == 404
    body = client.get("/certificates/").get_data(as_text=True)
    assert f"/certificates/{cert.id}/pdf" not in body and "status-badge text-bg-dark" in body


def test_open_badge_is_signed_by_the_published_issuer_key_and_has_revocation_status(client, make_user, login, world):
    me, cert = issued(make_user, world)
    login(me)
    token = client.get(f"/certificates/{cert.id}/badge.jwt").get_data(as_text=True)
    issuer = client.get("/certificates/issuer.json").get_json()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["jwk"]["x"] == issuer["publicKey"]["x"]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = base64.urlsafe_b64decode(issuer["publicKey"]["x"] + "=")
    claims = badges.verify(token, Ed25519PublicKey.from_public_bytes(raw))
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    status_url = claims["credentialStatus"]["id"]
    path = status_url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).get_json()["revoked"] is False
    services.revoke(cert, None, "error", now())
    db.session.commit()
    status = client.get("/" + path).get_json()
    assert status["revoked"] is True and status["status"] == "revoked"
    assert status["revokedCredentials"] == [{"id": claims["id"]}]
    assert client.get("/certificates/status/" + "c" * 26 + ".json").status_code == 404


def test_hr_list_filters_and_learners_are_refused(client, make_user, login, world):
    learner, cert = issued(make_user, world, display_name="张伟")
    _, other = issued(make_user, world, display_name="李娜")
    login(learner)
    assert client.get("/certificates/manage").status_code == 403
    client.post("/auth/logout")
    login(make_user(role="hr"))
    body = client.get("/certificates/manage").get_data(as_text=True)
    assert cert.serial in body and other.serial in body
    body = client.get("/certificates/manage", query_string={"q": "张伟"}).get_data(as_text=True)
    assert cert.serial in body and other.serial not in body
    services.revoke(other, None, "error", now())
    db.session.commit()
    body = client.get("/certificates/manage", query_string={"status": "revoked"}).get_data(as_text=True)
    assert other.serial in body and cert.serial not in body


def test_bulk_zip_for_a_course(client, make_user, login, world):
    _, a = issued(make_user, world, display_name="张伟")
    _, b = issued(make_user, world, display_name="欧阳龘")
    hr = make_user(role="hr")
    login(hr)
    response = client.post("/certificates/bulk", data={"department": 0, "course": "contract"})
    assert response.status_code == 302  # to the job page; the test queue runs the task at once
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "100%" in page.get_data(as_text=True)
    status = client.get(response.headers["Location"] + "/status").get_json()
    assert status["status"] == "done" and status["total"] == 2 and status["download"]
    response = client.get(status["download"])
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 3 and "index.csv" in names
    assert any(b.serial in n and "欧阳龘" in n for n in names)
    assert archive.read(next(n for n in names if a.serial in n)).startswith(b"%PDF")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate.bulk_download")).one()
    assert '"count": 2' in entry.details and entry.actor_id == hr.id


def test_someone_elses_bundle_is_not_found(client, make_user, login, world):
    issued(make_user, world)
    first, second = make_user(role="hr"), make_user(role="hr")
    login(first)
    location = client.post("/certificates/bulk", data={"department": 0, "course": ""}).headers["Location"]
    client.post("/auth/logout")
    login(second)
    assert client.get(location).status_code == 404
    assert client.get(location + "/download").status_code == 404


def test_detail_page_shows_a_tampered_record(client, make_user, login, world):
    from sqlalchemy import text

    _, cert = issued(make_user, world)
    db.session.execute(text("UPDATE certificates SET score = 100 WHERE id = :id"), {"id": cert.id})
    db.session.commit()
    login(make_user(role="hr"))
    body = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "与其签名不符" in body


def test_pages_work_in_english_and_the_home_widget_lists_certificates(client, make_user, login, world):
    learner, cert = issued(make_user, world)
    login(learner)
    home = client.get("/").get_data(as_text=True)
    assert "我的证书" in home and cert.course_title_zh in home
    english = {"Accept-Language": "en"}
    learner.locale = "en"
    db.session.commit()
    assert "Download PDF" in client.get("/certificates/", headers=english).get_data(as_text=True)
    client.post("/auth/logout")
    hr = make_user(role="hr")
    hr.locale = "en"
    db.session.commit()
    login(hr)
    assert "Download in bulk" in client.get("/certificates/manage").get_data(as_text=True)
    detail = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "Revoke certificate" in detail and "Re-issue certificate" in detail


def test_hr_viewing_someones_certificate_is_audited(client, make_user, login, world):
    _, cert = issued(make_user, world)
    hr = make_user(role="hr")
    login(hr)
    assert client.get(f"/certificates/{cert.id}").status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate.viewed")).one()
    assert entry.actor_id == hr.id
