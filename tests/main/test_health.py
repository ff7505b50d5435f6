from elearn.audit import services as audit
from elearn.core.clock import now
from elearn.extensions import db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_healthz_reports_an_unreachable_database(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "degraded", "database": "unavailable", "dialect": "sqlite"}


def test_pages_carry_security_headers(client):
    headers = client.get("/auth/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_styled_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)


def test_audit_log_chain_verifies_and_detects_tampering(app, make_user):
    user = make_user()
    for i in range(3):
        audit.record(user, "report.export", f"report:{i}", {"format": "csv"}, now())
    db.session.commit()
    assert audit.verify() == []
    from elearn.audit.models import AuditEntry

    entry = db.session.get(AuditEntry, 2)
    entry.details = '{"format": "pdf"}'
    db.session.commit()
    assert [b.entry_id for b in audit.verify()] == [2]
