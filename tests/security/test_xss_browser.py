"""The XSS corpus in Chromium through fields shown on pages but authored by people: names and positions from the
HR file import, a learner's typed call reply, and a trainer's GIFT upload. No payload may run a script (no
dialog, no window.__xss, no page error) or leave an active element (inline handler, script, frame, javascript: URL)
in the page; the text is shown as text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.auth.models import User
from elearn.certificates import services as cert_services
from elearn.core.clock import now
from elearn.employees.assigning import assign_manual
from elearn.extensions import db
from tests.certificates.conftest import FakeLearning
from tests.conftest import TEST_PASSWORD
from tests.security.world import load_content

pytestmark = pytest.mark.browser

CORPUS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "xss" / "payloads.json").read_text("utf-8"))
CHOSEN = ("xss-01", "xss-03", "xss-05", "xss-06", "xss-10", "xss-12", "xss-16", "xss-19", "xss-22", "xss-30",
          "xss-40", "xss-41", "xss-49", "xss-50", "xss-58")
PAYLOADS = [p["payload"] for p in CORPUS["payloads"] if p["id"] in CHOSEN]

# Anything able to run script that the application itself never renders (strict CSP, no inline handlers).
ACTIVE_ELEMENTS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'xss', 'isindex', 'marquee', 'base'].includes(tag)) {
      found.push(tag);
    }
    if (tag === 'meta' && el.httpEquiv.toLowerCase() === 'refresh') found.push('meta refresh');
    if (tag === 'script' && !el.src && !/json/.test(el.type || '')) found.push('inline script');
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${tag}[${attr.name}]`);
      if (/^\\s*(javascript|vbscript):|^\\s*data:text\\/html/i.test(attr.value)) found.push(`${tag}[${attr.name}]`);
    }
  }
  return found;
}"""


def watch(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def inert(page, base: str, path: str, dialogs: list[str]) -> str:
    """Open the page, poke it (hover, focus, tab), and check nothing ran; returns its visible text."""
    response = page.goto(base + path)
    assert response.status == 200, (path, response.status)
    return nothing_ran(page, path, dialogs)


def nothing_ran(page, label: str, dialogs: list[str]) -> str:
    page.wait_for_load_state("load")
    page.mouse.move(200, 300)
    page.mouse.move(600, 500)
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("typeof window.__xss") == "undefined", label
    assert page.evaluate(ACTIVE_ELEMENTS) == [], label
    assert dialogs == [], (label, dialogs)
    assert [p for p in page.problems if p.startswith("page error")] == [], (label, page.problems)
    return page.inner_text("body")


def hr_file(payloads: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["工号", "姓名", "部门", "职位", "入职日期", "上级工号", "状态"])
    for n, payload in enumerate(payloads):
        writer.writerow([f"X{n:03d}", payload[:64], f"催收中心/{payload[:20]}", payload, "2024-03-01", "", "在职"])
    return out.getvalue().encode("utf-8")


def test_imported_names_and_positions_stay_text(app, runner, make_user, live_server, page, tmp_path):
    load_content(runner)
    hr = make_user("hr", username="hr-xss")
    names = [p for p in PAYLOADS if len(p) <= 64]
    upload = tmp_path / "xss.csv"
    upload.write_bytes(hr_file(names))
    dialogs = watch(page)
    base = live_server.url
    sign_in(page, base, hr.username)
    page.goto(f"{base}/employees/import")
    page.set_input_files("input[type=file]", str(upload))
    with page.expect_navigation():
        page.click("text=检查文件")
    assert names[0] in nothing_ran(page, "import preview", dialogs)
    with page.expect_navigation():
        page.click("text=应用以上变更")
    nothing_ran(page, "import applied", dialogs)

    people = {u.employee_no: u for u in db.session.scalars(select(User).where(User.employee_no.like("X%")))}
    assert len(people) == len(names)
    assign_manual(hr, list(people.values()), "sample-course", None, now())
    fake = FakeLearning()
    fake.publish()
    for no in ("X000", "X002", "X004"):
        fake.complete(people[no])
        assert cert_services.issue_if_met(people[no], "contract", now(), fake.learning()) is not None
    db.session.commit()

    directory = inert(page, base, "/employees/?per_page=100", dialogs)
    assert names[2] in directory  # shown as its literal text
    for no in ("X000", "X002", "X004", "X006"):
        person = inert(page, base, f"/employees/{people[no].id}", dialogs)
        assert people[no].display_name in person and people[no].position in person
    matrix = inert(page, base, "/reports/", dialogs)
    assert people["X001"].display_name in matrix
    manage = inert(page, base, "/certificates/manage", dialogs)
    assert people["X002"].display_name in manage


def play_to_the_reply(page, base: str, payload: str) -> str:
    """Start the practice call, identify, type the payload at the free-text prompt, hang up; the run's URL."""
    page.goto(f"{base}/scenarios/compliant-conduct/first-contact/")
    with page.expect_navigation():
        page.click("form[action$='/start/practice'] button[type=submit]")
    run_url = page.url
    page.click("button[name=option][value=identify]")
    page.locator("textarea[name=text]").fill(payload)
    page.locator("textarea[name=text]").press("Tab")
    before = page.locator("input[name=at]").first.get_attribute("value")
    page.click("form:has(textarea[name=text]) button[type=submit]")
    page.wait_for_function(
        "b => (document.querySelector('input[name=at]') || {}).value !== b", arg=before, timeout=10000)
    page.click("form[action$='/hang-up'] button")
    page.wait_for_url(re.compile(r".*/debrief$"), timeout=10000)
    return run_url.rstrip("/")


def test_typed_call_replies_stay_text_in_debrief_and_transcript(app, runner, make_user, live_server, page):
    load_content(runner)
    learner = make_user(display_name=PAYLOADS[4][:64])
    trainer = make_user("trainer")
    dialogs = watch(page)
    base = live_server.url
    sign_in(page, base, learner.username)
    runs = []
    for payload in PAYLOADS[:3]:
        runs.append((play_to_the_reply(page, base, payload), payload))
        assert dialogs == [] and page.evaluate("typeof window.__xss") == "undefined"
    for run_url, payload in runs:
        debrief = inert(page, base, run_url.removeprefix(base) + "/debrief", dialogs)
        assert payload in debrief, payload  # the learner's own words come back as text
    inert(page, base, "/scenarios/mine", dialogs)

    sign_in(page, base, trainer.username)
    for run_url, payload in runs:
        transcript = inert(page, base, run_url.removeprefix(base) + "/debrief", dialogs)
        assert payload in transcript
    inert(page, base, f"/scenarios/people/{learner.id}", dialogs)
    inert(page, base, "/scenarios/compliant-conduct/first-contact/runs", dialogs)
    inert(page, base, f"/reports/transcript/{learner.id}", dialogs)


def gift_escape(text: str) -> str:
    return re.sub(r"([~=#{}:\\])", r"\\\1", text)


def gift_file(payloads: list[str]) -> str:
    blocks = []
    for n in range(0, len(payloads) - 2, 3):
        stem, option, feedback = (gift_escape(p) for p in payloads[n:n + 3])
        blocks.append(f"// [id:xss-q{n}]\n::XSS {n}::{stem}{{\n\t={option}#{feedback}\n\t~错误选项#{feedback}\n}}\n")
    return "\n".join(blocks)


def test_gift_upload_stays_text_in_the_bank_and_an_attempt(app, runner, make_user, live_server, page, tmp_path):
    load_content(runner)
    trainer = make_user("trainer")
    learner = make_user()
    source = tmp_path / "xss.gift"
    source.write_text(gift_file(PAYLOADS), "utf-8")
    dialogs = watch(page)
    base = live_server.url
    sign_in(page, base, trainer.username)
    page.goto(f"{base}/quizzes/import?slug=sample-quiz")
    page.set_input_files("input[type=file]", str(source))
    page.uncheck("input[name=dry_run]")
    with page.expect_navigation():
        page.click("form:has(input[type=file]) [type=submit]")
    assert page.url.endswith("/quizzes/sample-quiz/bank"), page.inner_text("main")[:2000]
    bank = inert(page, base, "/quizzes/sample-quiz/bank", dialogs)
    assert "xss-q0" in bank and "xss-q12" in bank

    sign_in(page, base, learner.username)
    page.goto(f"{base}/quizzes/sample-quiz")
    with page.expect_navigation():
        page.click("form[action$='/start'] [type=submit]")
    attempt = inert(page, base, page.url.removeprefix(base), dialogs)
    assert "错误选项" in attempt  # the imported questions are the ones on the page
