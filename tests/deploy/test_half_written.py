"""A content load, an employee import and a bulk export stopped half-way leave nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from elearn.audit.models import AuditEntry
from elearn.auth.models import Department, User
from elearn.certificates import documents
from elearn.certificates import services as cert_services
from elearn.certificates.models import BundleJob
from elearn.core.clock import now
from elearn.courses.models import Course, CourseVersion, Lesson
from elearn.employees import services as employee_services
from elearn.employees import tasks as employee_tasks
from elearn.employees.assigning import assign_manual
from elearn.employees.models import ImportBatch
from elearn.extensions import db
from elearn.quizzes.models import Quiz, QuizVersion
from elearn.reports import writers
from elearn.reports.models import ExportJob
from tests.certificates.conftest import FakeLearning
from tests.conftest import FIXTURE_CONTENT, ROOT
from tests.security.world import load_content

CONTENT_TABLES = (Course, CourseVersion, Lesson, Quiz, QuizVersion)

# Runs `flask content load` in its own process; after the quizzes are flushed (courses, lessons and quizzes are in
# the open transaction) it reports the row counts it sees and sleeps, so that the test can SIGKILL it right there.
LOADER = """
import sys, time
from pathlib import Path
from sqlalchemy import func, select
from elearn import create_app
from elearn.content import runner
from elearn.courses.models import CourseVersion
from elearn.extensions import db
from elearn.quizzes.models import QuizVersion

url, content_root, instance, marker = sys.argv[1:5]
real_kinds = runner.kinds


class Stalling:
    def __init__(self, kind, stall):
        self.kind, self.stall = kind, stall

    def __getattr__(self, name):
        return getattr(self.kind, name)

    def publish(self, ctx, now):
        published = self.kind.publish(ctx, now)
        db.session.flush()
        if self.stall:
            seen = [db.session.scalar(select(func.count()).select_from(m)) for m in (CourseVersion, QuizVersion)]
            Path(marker).write_text(" ".join(map(str, seen)))
            time.sleep(120)
        return published


def stalling_kinds():
    return [Stalling(kind, stall=i == 3) for i, kind in enumerate(real_kinds())]


runner.kinds = stalling_kinds
app = create_app("testing", instance_path=instance, SQLALCHEMY_DATABASE_URI=url, CONTENT_ROOT=content_root)
result = app.test_cli_runner().invoke(args=["content", "load"])
print(result.output)
"""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_content_load_killed_mid_way_leaves_no_partial_versions(app, runner, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    script, marker = tmp_path / "loader.py", tmp_path / "flushed"
    script.write_text(LOADER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(script), url, str(FIXTURE_CONTENT), str(tmp_path / "instance"), str(marker)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=5)[0].decode(errors="replace")[-3000:]
        time.sleep(0.1)
        seen = [int(n) for n in marker.read_text().split()]
        assert all(n > 0 for n in seen), seen  # the killed process had course and quiz versions in hand
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    db.session.remove()
    assert {m.__tablename__: count(m) for m in CONTENT_TABLES} == {m.__tablename__: 0 for m in CONTENT_TABLES}
    result = runner.invoke(args=["content", "load"])  # the database is usable: a clean load publishes it all
    assert result.exit_code == 0, result.output
    assert count(CourseVersion) > 0 and count(QuizVersion) > 0


def employee_file(rows: int) -> bytes:
    lines = ["工号,姓名,部门,职位,入职日期,上级工号,状态"]
    lines += [f"H{n:04d},半途{n},催收中心/半途部/{n % 3}组,催收专员,2024-03-01,,在职" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_employee_import_failing_on_a_late_row_writes_no_employee(app, make_user, monkeypatch):
    hr = make_user("hr")
    users_before, departments_before = count(User), count(Department)
    data = employee_file(40)
    batch = employee_services.store_batch(data, "half.csv", False, hr, now())
    db.session.commit()
    real_create, calls = employee_services._create, {"n": 0}

    def create_then_fail(row, *args):
        calls["n"] += 1
        if calls["n"] == 35:
            db.session.flush()  # rows 1-34 really reached the database in the open transaction
            raise OSError("disk gone at row 35")
        return real_create(row, *args)

    monkeypatch.setattr(employee_services, "_create", create_then_fail)
    employee_tasks.apply_batch(batch.id, hr.id)

    db.session.expire_all()
    assert calls["n"] == 35
    assert db.session.scalar(select(func.count()).select_from(User).where(User.employee_no.like("H%"))) == 0
    assert (count(User), count(Department)) == (users_before, departments_before)
    batch = db.session.get(ImportBatch, batch.id)
    assert batch.status == "failed" and "row 35" in batch.error


def test_bulk_zip_failing_mid_way_leaves_no_download_and_says_failed(app, client, make_user, login, monkeypatch):
    fake = FakeLearning()
    fake.publish()
    for n in range(3):
        user = make_user(display_name=f"打包{n}")
        fake.complete(user)
        cert_services.issue_if_met(user, "contract", now(), fake.learning())
        db.session.commit()
    calls = {"n": 0}

    def pdf_then_fail(cert):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("renderer killed on the third PDF")
        return b"%PDF-1.7 fake page for " + cert.serial.encode()

    monkeypatch.setattr(documents, "pdf_bytes", pdf_then_fail)
    login(make_user(role="hr"))

    response = client.post("/certificates/bulk", data={"department": 0, "course": "contract"})

    assert response.status_code == 302
    job_url = response.headers["Location"]
    status = client.get(job_url + "/status").get_json()
    assert status["status"] == "failed" and status["download"] is None
    assert "third PDF" in status["error"] and status["progress"] == 2  # it had got two PDFs in
    assert client.get(job_url + "/download").status_code == 404
    job = db.session.scalars(select(BundleJob)).one()
    assert job.content is None and job.filename is None and job.finished_at is not None
    assert "ZIP 文件生成失败" in client.get(job_url).get_data(as_text=True)


def test_xlsx_export_failing_mid_way_leaves_no_file_and_says_failed(app, client, runner, make_user, login,
                                                                   monkeypatch):
    load_content(runner)
    people = [make_user(display_name=f"导出{n}") for n in range(5)]
    assign_manual(None, people, "sample-course", None, now())
    db.session.commit()
    real_sheet, written = writers._sheet, []

    def sheet_failing_on_row_three(book, formats, title, header, rows, widths, progress):
        def rows_then_fail():
            for row in rows:
                if len(written) == 2:
                    raise OSError("disk full at row 3")
                written.append(row)
                yield row

        return real_sheet(book, formats, title, header, rows_then_fail(), widths, progress)

    monkeypatch.setattr(writers, "_sheet", sheet_failing_on_row_three)
    login(make_user(role="hr"))

    response = client.get("/reports/export?format=xlsx")

    assert response.status_code == 302
    job = db.session.scalars(select(ExportJob)).one()
    assert len(written) == 2  # two rows were in the sheet when it failed
    status = client.get(f"/reports/jobs/{job.id}/status").get_json()
    assert status["status"] == "failed" and status["download"] is None and "row 3" in status["error"]
    assert client.get(f"/reports/jobs/{job.id}/download").status_code == 404
    db.session.refresh(job)
    assert job.content is None and job.filename is None
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reports.export")).all() == []
    assert "导出失败" in client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
