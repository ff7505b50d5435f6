"""The whole learner path in Chromium, end to end, on content loaded from files by `flask content load`:
a learner reads the lessons, passes the quiz, downloads a certificate whose PDF carries her Chinese name and
opens its public verification page; HR then finds the certificate in the list and in the CSV export."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date

import pytest

from elearn.core.clock import now
from elearn.extensions import db
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit], input[type=submit]")


def _read_lessons(page, base: str) -> None:
    page.goto(f"{base}/courses/sample-course")
    page.click("text=开始学习")
    for _ in range(2):
        with page.expect_navigation():
            page.locator("button:has-text('标记完成')").first.click()


def _pass_quiz(page, base: str) -> None:
    page.goto(f"{base}/quizzes/sample-quiz")
    with page.expect_navigation():
        page.click("text=开始测验")
    page.click("label[for='q-sq-001-0']")
    page.click("label[for='q-sq-002-false']")
    page.fill("#q-sq-003", "民法典")
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#submit-attempt")
    assert page.locator("[data-testid=attempt-percent]").inner_text() == "100.0%"


def test_learner_to_certificate_to_hr(app, runner, make_user, live_server, page, tmp_path):
    from elearn.employees.assigning import assign_manual

    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    app.config["BASE_URL"] = live_server.url
    learner = make_user(display_name="欧阳娜娜", employee_no="E20001")
    hr = make_user(role="hr", display_name="赵敏")
    assign_manual(hr, [learner], "sample-course", date(2027, 1, 31), now())
    db.session.commit()
    base = live_server.url

    _sign_in(page, base, learner)
    _read_lessons(page, base)
    _pass_quiz(page, base)

    page.goto(f"{base}/certificates/")
    assert "示例课程" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").first.click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "欧阳娜娜" in text and "E20001" in text

    page.goto(f"{base}/certificates/")
    with page.expect_navigation():
        page.get_by_role("link", name="验证页面").first.click()
    verification_url = page.url
    assert "/verify/" in verification_url
    assert "有效" in page.locator("#verify-title").inner_text()
    card = page.locator(".verify-result").inner_text()
    assert "欧***" in card and "欧阳娜娜" not in card   # the public page masks the holder's name

    page.context.clear_cookies()
    page.goto(verification_url)                      # public: works signed out too
    assert "有效" in page.locator("#verify-title").inner_text()

    _sign_in(page, base, hr)
    page.goto(f"{base}/certificates/manage")
    assert "欧阳娜娜" in page.content()
    response = page.request.get(f"{base}/reports/export?format=csv")
    assert response.ok
    body = response.body().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    learner_rows = [row for row in rows if "欧阳娜娜" in row]
    assert learner_rows, body[:500]
    assert "已获证" in learner_rows[0], learner_rows[0]
    assert page.problems == []
