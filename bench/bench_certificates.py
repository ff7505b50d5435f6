"""Certificate PDF: render time against the floor (WeasyPrint, one line, same font), and a cached download.

Targets from the certificates issue: a render within 2x of the floor measured in the same run, and a cached
download in under 10 ms (through the real route: login session, permission check, cache read).
"""

from __future__ import annotations

import shutil
from datetime import date
from types import SimpleNamespace

from common import Result, cpu_timed, fresh_app, median, timed

PASSWORD = "bench-password-1"


def _document():
    from elearn.certificates.pdf import CertificateDocument

    return CertificateDocument(
        holder_name="欧阳龘𠀾",
        employee_no="E10024",
        course_title_zh="合同与还款义务",
        course_title_en="Contract and repayment obligations",
        course_version=2,
        score=92.5,
        issued_on=date(2026, 11, 28),
        expires_on=date(2027, 11, 28),
        serial="ELC-2026-000042",
        verify_url="http://127.0.0.1:5000/verify/abcdefghijklmnopqrstuvwxyz",
        issuer_zh="信用卡中心 合规培训部",
        issuer_en="Compliance Training, Credit Card Centre",
    )


def render_results() -> list[Result]:
    from elearn.certificates.pdf import render_floor, render_pdf

    doc = _document()
    results = []
    for label, timer in (("wall clock", timed), ("CPU time", cpu_timed)):
        floor = median(timer(lambda: render_floor("欧阳龘𠀾 合同与还款义务"), repeat=15))
        render = median(timer(lambda: render_pdf(doc), repeat=15))
        note = f"{label}, median of 15; floor = same renderer, same font, one line"
        results.append(
            Result(f"certificate PDF render ({label})", render, "ms", floor, "<= 2x floor", render <= 2 * floor, note)
        )
    return results


def _certificate(app):
    from elearn.auth.services import create_user
    from elearn.certificates import services
    from elearn.core.clock import now
    from elearn.extensions import db

    version = SimpleNamespace(
        id=None,
        version=1,
        title={"zh": "合同与还款义务", "en": "Contract and repayment"},
        certification={"lessons": "all"},
        recertify_on_new_version=False,
    )
    learning = services.Learning(
        published_course=lambda slug: SimpleNamespace(current_version=version),
        course_progress=lambda user, v: SimpleNamespace(lessons_done=1, lessons_total=1, completed=True),
        quiz_result=lambda user, slug: None,
        passed_scenarios=lambda user, slug: set(),
    )
    user = create_user(username="bench", display_name="欧阳龘", password=PASSWORD, employee_no="B0001", now=now())
    cert = services.issue_if_met(user, "contract", now(), learning)
    db.session.commit()
    return cert.id


def download_results() -> list[Result]:
    app = fresh_app()
    try:
        with app.app_context():
            cert_id = _certificate(app)
        client = app.test_client()
        client.post("/auth/login", data={"username": "bench", "password": PASSWORD})
        url = f"/certificates/{cert_id}/pdf"
        cold = median(timed(lambda: _cold(app, client, url), repeat=5, warmup=1))
        cached = median(timed(lambda: client.get(url), repeat=50, warmup=3))
        assert client.get(url).data.startswith(b"%PDF")
    finally:
        shutil.rmtree(app.instance_path, ignore_errors=True)
    return [
        Result("certificate download, cached", cached, "ms", None, "< 10 ms", cached < 10, "median of 50, test client"),
        Result("certificate download, first (render + cache)", cold, "ms", None, "", None, "median of 5"),
    ]


def _cold(app, client, url):
    shutil.rmtree(f"{app.instance_path}/certificates", ignore_errors=True)
    client.get(url)


def run() -> list[Result]:
    return render_results() + download_results()
