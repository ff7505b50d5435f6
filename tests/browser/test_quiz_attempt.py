"""A learner in Chromium takes a timed quiz: answers autosave, a reload loses nothing, submit grades once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _publish_sample_quiz(app):
    from elearn.core.clock import now
    from elearn.courses.publishing import upsert_references
    from elearn.courses.references import load_references
    from elearn.extensions import db
    from elearn.quizzes.content import parse_quiz
    from elearn.quizzes.publishing import publish_spec

    root = Path(app.config["CONTENT_ROOT"])
    refs, _ = load_references(root)
    upsert_references(refs, now())
    spec, _ = parse_quiz((root / "quizzes" / "sample-quiz.yml").read_text(encoding="utf-8"), "sample-quiz", "q", refs)
    publish_spec(replace(spec, time_limit_minutes=10), refs, None, now())
    db.session.commit()


def test_timed_attempt_survives_a_reload_and_is_graded_once(app, make_user, live_server, page):
    from elearn.extensions import db
    from elearn.quizzes.models import QuizAttempt
    from tests.conftest import TEST_PASSWORD

    _publish_sample_quiz(app)
    user = make_user(display_name="王小明")
    base = live_server.url
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")

    page.goto(f"{base}/quizzes/sample-quiz")
    with page.expect_navigation():
        page.click("text=开始测验")
    assert page.locator("#quiz-timer").is_visible()
    source = page.content()
    assert "普通的还不上钱是民事问题" not in source and "中华人民共和国民法典" not in source
    page.click("label[for='q-sq-001-0']")
    page.click("label[for='q-sq-002-false']")
    page.fill("#q-sq-003", "ＭＩＮ")          # a wrong answer first, then the right one in full-width input
    with page.expect_response(lambda r: r.url.endswith("/save") and r.status == 200):
        page.fill("#q-sq-003", "　民法典。")     # the autosave after the last keystroke
    page.wait_for_selector("#save-status:has-text('已保存')")

    page.context.set_offline(True)                 # the connection drops while the learner changes an answer
    page.click("label[for='q-sq-002-true']")
    page.wait_for_selector("#save-status:has-text('未保存')")
    page.click("label[for='q-sq-002-false']")
    with page.expect_response(lambda r: r.url.endswith("/save") and r.status == 200, timeout=15000):
        page.context.set_offline(False)            # ... and comes back: the retry saves the latest answers

    page.reload()
    assert page.is_checked("#q-sq-001-0") and page.is_checked("#q-sq-002-false")
    assert page.input_value("#q-sq-003") == "　民法典。"

    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#submit-attempt")
    assert "/review" in page.url
    assert page.locator("[data-testid=attempt-percent]").inner_text() == "100.0%"
    assert "正确答案" in page.content()             # correct answers after passing
    attempt_url = page.url.replace("/review", "")
    page.goto(attempt_url)                           # a replayed visit to the attempt goes to the review
    assert "/review" in page.url
    db.session.expire_all()
    attempts = db.session.query(QuizAttempt).all()
    assert len(attempts) == 1 and attempts[0].status == "graded"
    assert [p for p in page.problems if "ERR_INTERNET_DISCONNECTED" not in p] == []   # only the offline moment
