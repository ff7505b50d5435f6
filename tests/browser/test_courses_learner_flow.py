"""A learner in Chromium: catalogue -> course -> lesson (TOC, citation chip) -> mark complete -> progress -> search."""

from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.browser


def _publish_fixture_courses(app):
    from elearn.core.clock import now
    from elearn.courses.kinds import KIND, REFERENCES_KIND
    from elearn.extensions import db

    ctx: dict = {}
    REFERENCES_KIND.check(app.config["CONTENT_ROOT"], ctx)
    KIND.check(app.config["CONTENT_ROOT"], ctx)
    REFERENCES_KIND.publish(ctx, now())
    KIND.publish(ctx, now())
    db.session.commit()


def test_learner_reads_completes_and_searches(app, make_user, live_server, page):
    from tests.conftest import TEST_PASSWORD

    _publish_fixture_courses(app)
    user = make_user(display_name="王小明")
    base = live_server.url
    page.goto(f"{base}/auth/login?next=/courses/")  # straight to the courses, not the home page
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")

    page.goto(f"{base}/courses/")
    page.click("text=示例课程：合规催收入门")
    page.click("text=开始学习")
    assert page.locator("h1").inner_text() == "逾期还款是违约"
    chip = page.locator("a.law-chip").first
    assert chip.inner_text() == "民法典 第五百七十七条"
    assert chip.get_attribute("href") == "/courses/glossary#civil-code-577"
    page.click(".lesson-toc >> text=二、法律已经更新")
    assert unquote(page.url).endswith("#sec-二法律已经更新")
    assert page.locator("#sec-二法律已经更新").is_visible()

    page.click("text=标记完成并继续")
    assert page.locator("h1").inner_text() == "尊重私人生活安宁"
    page.goto(f"{base}/courses/sample-course")
    assert page.locator(".progress[aria-label='课程进度']").get_attribute("aria-valuenow") == "50"
    assert "继续学习：尊重私人生活安宁" in page.locator(".page-header").inner_text()

    page.goto(f"{base}/courses/search?q=违约")
    assert page.locator(".search-snippet mark").first.inner_text() == "违约"
    assert page.problems == []
