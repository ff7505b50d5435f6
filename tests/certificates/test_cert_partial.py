"""The course page partial: what is missing, the certificate in force, or an expired/revoked one."""

from datetime import datetime

from flask import render_template

from elearn.certificates.rules import Evaluation, Missing
from elearn.certificates.status import CertStatus, Status

WHEN = datetime(2026, 11, 28, 4, 0)


def render(app, evaluation, status=None):
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        return render_template("certificates/_course_requirements.html", evaluation=evaluation, status=status)


def status(kind, revoked=None):
    return CertStatus(kind, "ELC-2026-000001", "a" * 26, WHEN, datetime(2027, 11, 28, 4, 0), revoked, 1, 1)


def test_missing_requirements_are_listed(app):
    missing = (Missing("lessons", done=1, total=3), Missing("quiz", key="q"), Missing("scenario", key="first-call"))
    html = render(app, Evaluation(False, missing))
    assert "已完成 1 / 3" in html and "通过课程测验" in html and "first-call" in html


def test_certificate_in_force_and_revoked(app):
    assert "认证有效期至 2027-11-28" in render(app, Evaluation(True, ()), status(Status.VALID))
    html = render(app, Evaluation(True, ()), status(Status.REVOKED, revoked=WHEN))
    assert "已于 2026-11-28 被吊销" in html and "再次完成" in html
    assert "暂不颁发证书" in render(app, None)
