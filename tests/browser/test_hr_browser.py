"""HR in Chromium: a messy GBK file is refused with its errors, the fixed one applied, a department assigned a
course, the matrix shows it, and the XLSX export runs as a job whose progress page ends in a download."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from elearn.courses.models import Course, CourseVersion, Lesson
from elearn.extensions import db
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def _course():
    course = Course(slug="law")
    db.session.add(course)
    db.session.flush()
    version = CourseVersion(course_id=course.id, version=1, title={"zh": "合同与还款义务", "en": "Contract"},
                            summary={}, audience={}, category="contract", prerequisites=[], certification={},
                            fingerprint="x" * 64)
    db.session.add(version)
    db.session.flush()
    db.session.add(Lesson(course_version_id=version.id, position=0, slug="l0", title={"zh": "第一课"}, objectives=[],
                          body_md="", body_html="", toc=[], plain_text=""))
    course.current_version_id = version.id
    db.session.commit()


def _upload(page, base, name):
    page.goto(f"{base}/employees/import")
    page.set_input_files("input[type=file]", str(FIXTURES / name))
    with page.expect_navigation():
        page.click("text=检查文件")


def test_hr_import_assign_matrix_export(page, live_server, make_user):
    base = live_server.url
    hr = make_user("hr", display_name="赵人事")
    _course()
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", hr.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit], input[type=submit]")

    _upload(page, base, "messy_gbk.csv")
    errors = page.locator("table").first.inner_text()
    assert "入职日期" in errors and "2025-13-45" in errors and page.locator("text=应用以上变更").count() == 0

    _upload(page, base, "messy_gbk_fixed.csv")
    with page.expect_navigation():
        page.click("text=应用以上变更")
    assert "欧阳娜娜" in page.content()

    page.goto(f"{base}/employees/assignments")
    page.select_option("#rule-kind", "department")
    page.select_option("#rule-department_id", label="\u3000催收一部")
    page.fill("#rule-due_days", "21")
    with page.expect_navigation():
        page.click("text=创建规则")
    assert "规则已创建并生效" in page.content()

    page.goto(f"{base}/reports/")
    matrix = page.locator("table.matrix").inner_text()
    assert "王芳" in matrix and "李强" in matrix and "欧阳娜娜" not in matrix and "未开始" in matrix
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: names and departments stay on one line
    page.reload()
    for cell in ("table.matrix tbody th", "table.matrix tbody td:nth-child(3)"):  # text height, not the row's
        height = page.evaluate("""(sel) => { const range = document.createRange();
            range.selectNodeContents(document.querySelector(sel)); return range.getBoundingClientRect().height; }""", cell)
        assert 0 < height < 30, (cell, height)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the table scrolls, not the page
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{base}/reports/export?format=xlsx")
    page.wait_for_selector("#job-download:not(.d-none)", timeout=15000)
    with page.expect_download() as info:
        page.click("#job-download")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert sheet.freeze_panes == "A2" and {sheet["B2"].value, sheet["B3"].value} == {"王芳", "李强"}
    assert page.problems == []
