"""Tampering with an audit row is detected by `flask audit verify` and by the viewer's check."""

from sqlalchemy import select, text

from elearn.audit.cli import group
from elearn.audit.models import AuditEntry
from elearn.audit.services import record
from elearn.core.clock import now
from elearn.extensions import db


def entries(n=3):
    for i in range(n):
        record(None, "reports.export", "matrix", {"format": "csv", "i": i}, now())
    db.session.commit()


def test_verify_passes_on_an_intact_log(runner):
    entries()
    result = runner.invoke(group, ["verify"])
    assert result.exit_code == 0 and "audit log intact: 3 entries" in result.output


def test_edited_row_is_detected(runner):
    entries()
    second = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
    db.session.execute(text("UPDATE audit_entries SET details = :d WHERE id = :id"),
                       {"d": '{"format": "xlsx"}', "id": second})
    db.session.commit()
    result = runner.invoke(group, ["verify"])
    assert result.exit_code == 1
    assert f"entry {second}: hash mismatch" in result.output


def test_deleted_row_is_detected(runner):
    entries()
    second = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[1]
    db.session.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": second})
    db.session.commit()
    result = runner.invoke(group, ["verify"])
    assert result.exit_code == 1 and "previous-hash mismatch" in result.output


def test_viewer_filters_and_checks_the_chain(client, login, make_user):
    hr = make_user("hr")
    entries()
    record(hr, "employees.view", "user:42", {"employee_no": "C1001"}, now())
    db.session.commit()
    login(hr)
    html = client.get("/audit/?action=employees.view").get_data(as_text=True)
    assert "user:42" in html and "employee_no: C1001" in html and "reports.export</code>" not in html
    page = client.post("/audit/verify", follow_redirects=True).get_data(as_text=True)
    assert "审计日志完整" in page
    db.session.execute(text("UPDATE audit_entries SET target = 'user:1' WHERE target = 'user:42'"))
    db.session.commit()
    page = client.post("/audit/verify", follow_redirects=True).get_data(as_text=True)
    assert "审计日志已被篡改" in page


def test_learners_cannot_read_the_audit_log(client, login, make_user):
    login(make_user())
    assert client.get("/audit/").status_code == 403


def test_date_filter_uses_the_display_time_zone(client, login, make_user):
    from datetime import datetime

    hr = make_user("hr")
    record(None, "x.early", "t", {}, datetime(2026, 3, 1, 15, 30))  # 23:30 on 1 March in Beijing
    record(None, "x.late", "t", {}, datetime(2026, 3, 1, 16, 30))  # 00:30 on 2 March in Beijing
    db.session.commit()
    login(hr)
    html = client.get("/audit/?since=2026-03-02&until=2026-03-02").get_data(as_text=True)
    assert "x.late" in html and "x.early</code>" not in html
