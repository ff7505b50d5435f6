"""In a real browser, no XSS payload runs: no dialog opens and no payload's marker is set."""

import pytest

from tests.courses.xss_course import SLUG, publish_xss_course

pytestmark = pytest.mark.browser


def _sign_in(page, base, user, password):
    page.goto(f"{base}/auth/login?next=/courses/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def test_xss_corpus_is_inert_in_chromium(app, make_user, live_server, page):
    from tests.conftest import TEST_PASSWORD

    publish_xss_course()
    trainer = make_user("trainer")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _sign_in(page, live_server.url, trainer, TEST_PASSWORD)
    for path in (
        "/courses/",
        f"/courses/{SLUG}",
        f"/courses/{SLUG}/lessons/01-part",
        "/courses/glossary",
        "/courses/search?q=alert",
        f"/courses/{SLUG}/versions",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
        page.keyboard.press("Tab")
        assert page.evaluate("typeof window.__xss") == "undefined", path
    page.goto(f"{live_server.url}/courses/{SLUG}/lessons/01-part")
    page.screenshot(path=str(live_server.app.instance_path) + "/xss-lesson.png", full_page=False)
    assert dialogs == []
    assert page.locator(".lesson-body").count() == 1
