"""The course page partial: what is missing, the certificate in force, or an expired/revoked one."""

from datetime import datetime
from types import SimpleNamespace

from flask import render_template
from flask_babel import refresh

from elearn.certificates.rules import Evaluation, Missing
from elearn.certificates.status import CertStatus, Status

WHEN = datetime(2026, 11, 28, 4, 0)


def render(app, evaluation, status=None, lang="zh-CN"):
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        refresh()  # the locale is cached on the app context the fixture keeps open
        return render_template("certificates/_course_requirements.html", evaluation=evaluation, status=status)


def status(kind, revoked=None):
    return CertStatus(kind, "ELC-2026-000001", "a" * 26, WHEN, datetime(2027, 11, 28, 4, 0), revoked, 1, 1)


def test_missing_requirements_are_listed(app):
    missing = (Missing("lessons", done=1, total=3), Missing("quiz", key="q"), Missing("scenario", key="first-call"))
    html = render(app, Evaluation(False, missing))
    assert "已完成 1 / 3" in html and "通过课程测验" in html and "first-call" in html
    assert "href" not in html  # neither the quiz nor the scenario is published here: ids, no links


def test_missing_quiz_and_scenarios_are_named_and_linked_in_the_users_language(app, monkeypatch):
    def version(zh, en):
        return SimpleNamespace(title={"zh": zh, "en": en})

    scenarios = {("contract", "first-call"): SimpleNamespace(current_version=version("首次通话", "First call"))}
    quiz = SimpleNamespace(versions=[version("旧测验", "Old quiz"), version("合同测验", "Contract quiz")])
    monkeypatch.setattr("elearn.scenarios.services.find", lambda course, slug: scenarios.get((course, slug)))
    monkeypatch.setattr("elearn.quizzes.services.get_quiz", lambda slug: quiz if slug == "contract-quiz" else None)
    missing = (Missing("quiz", key="contract-quiz"), Missing("scenario", key="first-call"),
               Missing("scenario", key="gone"))  # fmt: skip
    evaluation = Evaluation(False, missing, course_slug="contract")
    html = render(app, evaluation)
    assert '<a href="/quizzes/contract-quiz">合同测验</a>' in html
    assert '<a href="/scenarios/contract/first-call/">首次通话</a>' in html
    assert "first-call</a>" not in html and "gone" in html
    english = render(app, evaluation, lang="en")
    assert ">Contract quiz</a>" in english and ">First call</a>" in english and "首次通话" not in english


def test_certificate_in_force_and_revoked(app):
    assert "认证有效期至 2027-11-28" in render(app, Evaluation(True, ()), status(Status.VALID))
    html = render(app, Evaluation(True, ()), status(Status.REVOKED, revoked=WHEN))
    assert "已于 2026-11-28 被吊销" in html and "再次完成" in html
    assert "暂不颁发证书" in render(app, None)
