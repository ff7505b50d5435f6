"""Accessibility in Chromium: axe-core (vendored in tests/vendor/axe-core) on the main pages of every role (and a
few again in English), and a
quiz and a scenario call completed with the keyboard alone (Tab, Space, Enter; no mouse, no number shortcuts).

axe runs through Playwright's evaluate (a DevTools call, so the site's strict CSP stays on). Serious and critical
violations fail the test; minor and moderate ones are printed (pytest -s) for the record.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD
from tests.security import world

pytestmark = pytest.mark.browser
AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
SHOTS = os.environ.get("A11Y_SCREENSHOTS")
BLOCKING = ("serious", "critical")


def sign_in(page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def axe_violations(page) -> list[dict]:
    """Run axe on the current page (WCAG 2.1 A and AA rules plus best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def check_pages(page, base: str, label: str, paths: list[str]) -> list[str]:
    """Visit each page, run axe; returns the blocking violations as readable lines."""
    blocking = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.ok, f"{label} {path}: {response.status}"
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"{label}-{path.strip('/').replace('/', '_') or 'home'}.png"),
                            full_page=True)
        for v in axe_violations(page):
            line = f"{label} {path}: [{v['impact']}] {v['id']} ({v['help']}) at {v['nodes']}"
            print(line)
            if v["impact"] in BLOCKING:
                blocking.append(line)
    return blocking


@pytest.fixture
def site(app, runner, make_user, login, live_server):
    app.config["BASE_URL"] = live_server.url
    return world.build(app, runner, make_user, login)


def test_main_pages_of_every_role_have_no_serious_violations(app, site, make_user, live_server, page):
    base, owner = live_server.url, site.owner
    blocking = check_pages(page, base, "public", ["/auth/login", "/verify", f"/verify/{site.cert_code}"])

    sign_in(page, base, make_user(display_name="李建华"))
    blocking += check_pages(page, base, "learner", [
        "/", "/courses/", "/courses/sample-course", "/courses/sample-course/resume", "/quizzes/sample-quiz"])
    with page.expect_navigation():
        page.get_by_role("button", name="开始测验").click()
    blocking += check_pages(page, base, "learner", [page.url.removeprefix(base)])
    page.goto(f"{base}/scenarios/compliant-conduct/first-contact/")
    with page.expect_navigation():
        page.get_by_role("button", name="开始拨打").first.click()
    blocking += check_pages(page, base, "learner", ["/scenarios/", page.url.removeprefix(base)])

    sign_in(page, base, owner)
    blocking += check_pages(page, base, "holder", [
        "/certificates/", f"/certificates/{site.cert_id}", site.urls["review"], site.urls["debrief"],
        site.urls["transcript"], "/auth/account"])

    sign_in(page, base, make_user(role="trainer"))
    blocking += check_pages(page, base, "trainer", ["/", "/courses/manage", "/quizzes/manage", "/scenarios/manage"])

    sign_in(page, base, make_user(role="hr"))
    blocking += check_pages(page, base, "hr", [
        "/", "/reports/", "/reports/dashboard", "/employees/", f"/employees/{owner.id}", "/certificates/manage",
        "/audit/"])

    sign_in(page, base, make_user(role="admin"))
    blocking += check_pages(page, base, "admin", ["/", "/admin/users"])
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()   # the same pages work in English
    assert page.locator("html").get_attribute("lang").startswith("en")
    blocking += check_pages(page, base, "admin-en", ["/", "/courses/sample-course", "/reports/", "/admin/users"])
    assert not blocking, "\n".join(blocking)


def tab_to(page, selector: str, text: str = "", limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (and holds `text`): what a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("([s, t]) => { const e = document.activeElement;"
                         " return !!e && e.matches(s) && (e.textContent || '').includes(t); }", [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


def test_a_quiz_is_taken_with_the_keyboard_alone(app, site, make_user, live_server, page):
    base = live_server.url
    sign_in(page, base, make_user(display_name="张伟"))
    page.goto(f"{base}/quizzes/sample-quiz")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "#q-sq-001-0")
    page.keyboard.press("Space")
    tab_to(page, "input[name='q-sq-002']")
    page.keyboard.press("Space")
    if not page.is_checked("#q-sq-002-false"):    # arrow keys move within a radio group
        page.keyboard.press("ArrowDown")
    assert page.is_checked("#q-sq-001-0") and page.is_checked("#q-sq-002-false")
    tab_to(page, "#q-sq-003")
    page.keyboard.type("民法典")
    page.on("dialog", lambda dialog: dialog.accept())
    tab_to(page, "#submit-attempt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[data-testid=attempt-percent]").inner_text() == "100.0%"
    assert page.problems == []


def test_a_scenario_call_is_played_with_the_keyboard_alone(app, site, make_user, live_server, page):
    base = live_server.url
    sign_in(page, base, make_user(display_name="刘洋"))
    page.goto(f"{base}/scenarios/compliant-conduct/first-contact/")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("button.choice")
    steps = ["本次通话将被录音", "text", "上期账单有8,600元", "工程款拖欠确实让人着急", "我跟您确认一下"]
    for step in steps:
        if step == "text":
            tab_to(page, "textarea[name=text]")
            page.keyboard.type("为了确认是您本人，请问您卡号后四位是多少？")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            page.wait_for_selector("button.choice")
            continue
        tab_to(page, "button.choice", step)
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    page.wait_for_url("**/debrief")
    assert "已通过" in page.inner_text("main")
    assert page.problems == []
