"""HR pages render in Chinese and English; exports and transcript views are audited; learners stay out."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.extensions import db
from elearn.reports.models import ExportJob


def actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize("lang,word,course", [("zh_CN", "合规矩阵", "合同与还款义务"), ("en", "Compliance matrix", "law")])
def test_matrix_page_in_both_languages(client, login, team, progress, lang, word, course):
    progress(team["people"][0], team["law"], 1)
    login(team["hr"])
    client.post(f"/lang/{lang}")
    html = client.get("/reports/").get_data(as_text=True)
    assert word in html and "王芳" in html and f">{course}</th>" in html
    assert "/reports/transcript/" in html
    assert "reports.matrix_view" in actions()  # viewing others' compliance is audited, with the filters


def test_learner_cannot_see_the_matrix_or_others(client, login, team):
    wang, li = team["people"][:2]
    login(wang)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/transcript/{li.id}").status_code == 403
    assert client.get(f"/reports/transcript/{wang.id}").status_code == 200
    assert "reports.transcript_view" not in actions()


def test_transcript_view_by_hr_is_audited(client, login, team, certify):
    wang = team["people"][0]
    certify(wang, "law")
    login(team["hr"])
    html = client.get(f"/reports/transcript/{wang.id}").get_data(as_text=True)
    assert "EL-2026-00001" in html
    assert "reports.transcript_view" in actions()


def test_csv_export_is_excel_ready_and_audited(client, login, team):
    login(team["hr"])
    response = client.get("/reports/export?format=csv&course=law")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    assert "王芳" in text and "未开始" in text or "Not started" in text
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reports.export")).one()
    assert '"course": "law"' in entry.details and '"format": "csv"' in entry.details


def test_xlsx_export_runs_as_a_job_with_download(client, login, team):
    login(team["hr"])
    response = client.get("/reports/export?format=xlsx")
    assert response.status_code == 302
    job = db.session.scalars(select(ExportJob)).one()
    status = client.get(f"/reports/jobs/{job.id}/status").get_json()
    assert status["status"] == "done" and status["percent"] == 100
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "jobs.js" in page
    data = client.get(status["download"]).data
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.max_row == 6


def test_other_hr_cannot_download_my_export(client, login, team, make_user, app):
    login(team["hr"])
    client.get("/reports/export?format=xlsx")
    job = db.session.scalars(select(ExportJob)).one()
    other = app.test_client()
    login(make_user("hr"), client=other)
    assert other.get(f"/reports/jobs/{job.id}/download").status_code == 404


def test_dashboard_draws_svg_charts(client, login, team, certify, progress):
    certify(team["people"][2], "law", expires_in_days=40)
    progress(team["people"][0], team["law"], 2)
    login(team["hr"])
    html = client.get("/reports/dashboard").get_data(as_text=True)
    assert html.count("<svg") == 6
    assert "催收中心 / 催收一部" in html
    assert "<script" not in html.split("</main>")[0]


def test_transcript_exports(client, login, team, certify):
    wang = team["people"][0]
    certify(wang, "law")
    login(team["hr"])
    response = client.get(f"/reports/transcript/{wang.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    csv_text = client.get(f"/reports/transcript/{wang.id}.csv").data.decode("utf-8-sig")
    assert "培训档案,王芳" in csv_text and "EL-2026-00001" in csv_text
    book = load_workbook(io.BytesIO(client.get(f"/reports/transcript/{wang.id}.xlsx").data))
    assert book.sheetnames == ["必修课程", "学习过的课程版本", "测验记录", "模拟通话", "证书"]
    assert book["证书"]["A2"].value == "EL-2026-00001" and book["证书"].freeze_panes == "A2"
    assert client.get(f"/reports/transcript/{wang.id}.doc").status_code == 404
    assert actions().count("reports.transcript_export") == 3


def test_quizzes_and_calls_reach_transcript_dashboard_and_xapi(client, login, team, history):
    wang, li = team["people"][:2]
    history(wang, percent=85.0, passed=True, violations=("T1",))
    history(li, percent=60.0, passed=False, violations=())
    login(team["hr"])
    html = client.get(f"/reports/transcript/{wang.id}").get_data(as_text=True)
    assert "合同测验" in html and "85%" in html and "首次联系" in html and ">T1</span>" in html
    dashboard = client.get("/reports/dashboard").get_data(as_text=True)
    assert "T1: 1" in dashboard  # violations by rule, read out in the chart's description
    assert "合同与还款义务: 50%" in dashboard  # quiz pass rate
    assert "合同与还款义务: 72.5" in dashboard  # average quiz score
    body = client.get("/reports/xapi").get_data(as_text=True)
    import json

    statements = json.loads(body)
    verbs = sorted(s["verb"]["display"]["en-US"] for s in statements)
    assert verbs == ["failed", "failed", "passed", "passed"]
    passed_quiz = next(s for s in statements if s["object"]["id"].endswith("/quizzes/law-quiz")
                       and s["result"]["success"])
    assert passed_quiz["result"]["score"]["scaled"] == 0.85 and passed_quiz["actor"]["account"]["name"] == wang.employee_no
    assert "reports.xapi_export" in actions()


def test_dashboard_is_rebuilt_at_most_once_a_minute(app, team):
    from datetime import timedelta

    from elearn.core.clock import now
    from elearn.reports.dashboard import cached

    moment = now()
    with app.test_request_context():
        first = cached(moment, "zh_CN")
        assert cached(moment + timedelta(seconds=30), "zh_CN") is first
        assert cached(moment + timedelta(seconds=30), "en") is not first
        assert cached(moment + timedelta(seconds=61), "zh_CN") is not first


def test_pdf_export_reports_progress_per_piece_and_numbers_pages_on(app, team, monkeypatch):
    import shutil
    import subprocess

    from elearn.core.clock import now
    from elearn.reports import pdf
    from elearn.reports.exports import export_matrix
    from elearn.reports.queries import MatrixFilter

    monkeypatch.setattr(pdf, "CHUNK_ROWS", 1)
    calls = []
    with app.test_request_context():
        result = export_matrix("pdf", MatrixFilter(), team["hr"], now(), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(n, 5) for n in range(1, 6)]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=result.data, capture_output=True, check=True).stdout
        lines = text.decode().splitlines()
        assert [int(x) for x in lines if x.strip().isdigit()] == [1, 2, 3, 4, 5]  # one page per piece, numbered on
        assert "催收中心 / 催收一部" in lines and "催收中心 / 催收二部" in lines  # a table per department


def test_pdf_job_moves_to_done_with_its_row_count(client, login, team):
    login(team["hr"])
    response = client.get(f"/reports/export?format=pdf&department_id={team['one'].id}")
    assert response.status_code == 302
    job = db.session.scalars(select(ExportJob)).one()
    status = client.get(f"/reports/jobs/{job.id}/status").get_json()
    assert status["status"] == "done" and status["percent"] == 100
    assert (job.progress, job.total) == (2, 2)


def test_too_large_a_pdf_is_refused_with_advice(client, login, team, app):
    app.config["REPORT_PDF_MAX_ROWS"] = 3
    login(team["hr"])
    response = client.get("/reports/export?format=pdf", follow_redirects=True)
    assert "choose a department" in response.get_data(as_text=True) or "选择" in response.get_data(as_text=True)
    assert db.session.scalars(select(ExportJob)).all() == []
    assert 'id="pdf-note"' in client.get("/reports/").get_data(as_text=True)
    assert 'id="pdf-note"' not in client.get(f"/reports/?department_id={team['two'].id}").get_data(as_text=True)
    assert client.get(f"/reports/export?format=pdf&department_id={team['two'].id}").status_code == 302
    assert len(db.session.scalars(select(ExportJob)).all()) == 1
