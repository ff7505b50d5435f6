"""`flask report export` writes files that open correctly, with the filters recorded in the audit log."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.extensions import db
from elearn.reports.cli import group


def run(runner, *args):
    result = runner.invoke(group, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_csv_and_xlsx_exports_with_filters(runner, team, tmp_path, certify):
    certify(team["people"][0], "law")
    out = tmp_path / "m.csv"
    run(runner, "export", "--format", "csv", "--out", str(out), "--course", "law", "--status", "certified")
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "王芳" in lines[1] and "已获证" in lines[1]
    out = tmp_path / "m.xlsx"
    run(runner, "export", "--format", "xlsx", "--out", str(out), "--locale", "en")
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    assert sheet["A1"].value == "Employee no." and sheet.freeze_panes == "A2" and sheet.max_row == 6
    details = db.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "reports.export")).all()
    assert len(details) == 2 and '"status": "certified"' in details[0]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_export_has_the_chinese_names_in_its_text_and_embeds_a_cjk_font(runner, team, tmp_path):
    out = tmp_path / "m.pdf"
    run(runner, "export", "--format", "pdf", "--out", str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "欧阳娜娜" in text and "合规矩阵" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and " yes " in fonts



def test_purge_drops_old_files_but_keeps_the_records(runner, team, app):
    from datetime import timedelta

    from elearn.core.clock import now
    from elearn.employees import services
    from elearn.reports.models import ExportJob

    old, new = now() - timedelta(days=8), now()
    db.session.add_all([ExportJob(kind="csv", created_at=old, content=b"old", status="done"),
                        ExportJob(kind="csv", created_at=new, content=b"new", status="done")])
    services.store_batch(b"gone", "a.csv", False, None, now() - timedelta(days=31))
    services.store_batch(b"kept", "b.csv", False, None, now())
    db.session.commit()
    assert '{"exports": 1, "uploads": 1}' in run(runner, "purge").output
    jobs = {j.content: j.status for j in db.session.scalars(select(ExportJob))}
    assert jobs == {None: "expired", b"new": "done"}
    assert '{"exports": 0, "uploads": 0}' in run(runner, "purge").output


def test_due_dates_follow_the_configured_time_zone(app, runner, team, tmp_path):
    """A due date is the last day in DISPLAY_TIMEZONE: stored as that day's 23:59:59 there, and exported as
    that day, not as the UTC date (west of UTC, 23:59:59 is already the next day in UTC)."""
    from datetime import date, datetime

    from elearn.core.clock import now
    from elearn.employees.assigning import assign_manual
    from elearn.employees.models import Assignment

    app.config["DISPLAY_TIMEZONE"] = "America/Sao_Paulo"  # UTC-3 all year
    assign_manual(team["hr"], [team["people"][0]], "law", date(2027, 1, 31), now())
    db.session.commit()
    row = db.session.scalars(select(Assignment).where(Assignment.user_id == team["people"][0].id,
                                                      Assignment.course_slug == "law")).one()
    assert row.due_at == datetime(2027, 2, 1, 2, 59, 59)
    out = tmp_path / "m.csv"
    run(runner, "export", "--format", "csv", "--out", str(out), "--course", "law")
    line = next(x for x in out.read_bytes().decode("utf-8-sig").splitlines() if "王芳" in x)
    assert "2027-01-31" in line and "2027-02-01" not in line
