"""In Chromium: a learner plays a call in practice mode (fetch-enhanced, keyboard only) and in
assessment mode, and reads a debrief that cites the law."""

import os

import pytest

from tests.conftest import TEST_PASSWORD
from tests.scenarios.shipped import publish_shipped

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCENARIO_SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _sign_in(page, base, user):
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def test_practice_call_by_keyboard_without_reloads_then_debrief(app, make_user, live_server, page):
    publish_shipped()
    _sign_in(page, live_server.url, make_user())
    page.goto(f"{live_server.url}/scenarios/compliant-conduct/first-contact/")
    _shot(page, "intro")
    with page.expect_navigation():
        page.get_by_role("button", name="开始拨打").first.click()
    page.wait_for_selector("#call-timer:not(:has-text('--:--'))")
    _shot(page, "player-start")
    page.evaluate("window.__noReload = true")
    page.keyboard.press("1")  # number keys pick options
    page.wait_for_selector("textarea[name=text]")
    assert page.evaluate("window.__noReload") is True  # the panel was replaced, not the page
    assert "先说清机构" in page.inner_text("#call-panel")
    page.fill("textarea[name=text]", "您好，为了确认是您本人，麻烦说一下卡号后四位")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("button.choice")
    page.keyboard.press("2")  # scare-credit: breaks D3, D5
    page.wait_for_selector("text=D3")
    _shot(page, "player-feedback")
    page.get_by_role("button", name="退回一步").click()
    page.wait_for_selector("text=谢谢张先生")
    for next_line in ("工程款一直没结", "10号我先还3000"):
        page.keyboard.press("1")
        page.wait_for_selector(f"#current-line:has-text('{next_line}')")
    with page.expect_navigation(url="**/debrief"):
        page.keyboard.press("1")
    text = page.inner_text("main")
    assert "已通过" in text and "承诺还款" in text
    _shot(page, "debrief-pass")
    assert page.problems == []


def test_assessment_call_gives_no_feedback_until_the_debrief(app, make_user, live_server, page):
    publish_shipped()
    _sign_in(page, live_server.url, make_user())
    page.goto(f"{live_server.url}/scenarios/privacy-pipl/employer-answers/")
    with page.expect_navigation():
        page.get_by_role("button", name="开始拨打").nth(1).click()
    page.get_by_role("button", name="我是安和银行催收部").click()
    page.wait_for_selector("text=欠钱啊")
    assert "泄露" not in page.inner_text("#call-panel")
    page.get_by_role("button", name="对，你们单位也有责任").click()
    page.wait_for_url("**/debrief")
    text = page.inner_text("main")
    assert "未通过" in text and "P1" in text and "P3" in text and "个人信息保护法" in text
    _shot(page, "debrief-fail")
    assert page.locator("a.law-chip").count() > 0
    assert page.problems == []


def test_trainer_sees_graph_analytics_and_editor_results(app, make_user, live_server, page):
    rows = publish_shipped()
    from elearn.core.clock import now
    from elearn.scenarios import services

    learner = make_user()
    for path in (["court-voice"], ["blurt", "give-up"]):
        run = services.start_run(learner, rows["first-contact"], "assessment", now())
        for choice in path:
            services.take_turn(run, choice, learner, now())
    from elearn.extensions import db

    db.session.commit()
    _sign_in(page, live_server.url, make_user(role="trainer"))
    base = f"{live_server.url}/scenarios/compliant-conduct/first-contact"
    page.goto(f"{base}/graph")
    assert page.locator("svg.scenario-graph path.edge-bad").count() >= 5
    _shot(page, "trainer-graph")
    page.goto(f"{base}/analytics")
    assert "50%" in page.inner_text("main")
    _shot(page, "trainer-analytics")
    page.goto(f"{base}/edit")
    page.get_by_role("button", name="校验并运行测试").click()
    page.wait_for_selector("text=场景测试")
    assert page.locator(".bi-x-circle-fill").count() == 0
    _shot(page, "trainer-edit")
    assert page.problems == []


def test_a_second_tab_answering_an_old_turn_sees_the_call_as_it_stands(app, make_user, live_server, page):
    """Tab A answers; tab B, still showing the earlier turn, answers too: B's choice is not applied and
    B's panel is replaced by the current call with a notice, without an alert or a reload."""
    publish_shipped()
    _sign_in(page, live_server.url, make_user())
    page.goto(f"{live_server.url}/scenarios/compliant-conduct/first-contact/")
    with page.expect_navigation():
        page.get_by_role("button", name="开始拨打").first.click()
    other = page.context.new_page()
    other.goto(page.url)
    page.keyboard.press("1")
    page.wait_for_selector("textarea[name=text]")
    other.on("dialog", lambda dialog: pytest.fail(f"unexpected alert: {dialog.message}"))
    other.evaluate("window.__noReload = true")
    other.locator("button.choice").nth(1).click()
    other.wait_for_selector("#call-panel [role=status]")
    assert "已经往下进行" in other.inner_text("#call-panel [role=status]")
    assert other.evaluate("window.__noReload") is True
    assert other.locator("textarea[name=text]").count() == 1  # the turn tab A reached
    _shot(other, "player-moved-on")
    other.close()
