"""A small world shared by the security, accessibility and deployment tests: the fixture content loaded by
`flask content load`, the shipped scenarios, and one learner's quiz attempt, call and certificate made through
the routes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from elearn.core.clock import now
from elearn.extensions import db

CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}


@dataclass
class World:
    owner: object
    client: object
    attempt_id: int
    run_id: int
    cert_id: int
    cert_code: str
    urls: dict[str, str] = field(default_factory=dict)


def location_id(response, pattern: str) -> int:
    assert response.status_code == 302, response.status_code
    return int(re.search(pattern, response.headers["Location"]).group(1))


def load_content(runner) -> None:
    """The fixture content tree (sample course and quiz) and the three shipped scenarios."""
    from tests.scenarios.shipped import publish_shipped

    result = runner.invoke(args=["content", "load"])
    assert result.exit_code == 0, result.output
    publish_shipped()


def build(app, runner, make_user, login) -> World:
    """Learner 欧阳娜娜 reads the lessons, passes the quiz (earning the certificate) and starts a call."""
    from elearn.certificates.models import Certificate
    from elearn.courses.services import complete_lesson, published_course

    load_content(runner)
    owner = make_user(display_name="欧阳娜娜")
    client = app.test_client()
    login(owner, client=client)
    for lesson in published_course("sample-course").current_version.lessons:
        complete_lesson(owner, lesson, now())
    db.session.commit()
    attempt_id = location_id(client.post("/quizzes/sample-quiz/start"), r"/attempt/(\d+)")
    assert client.post(f"/quizzes/attempt/{attempt_id}/submit", data=CORRECT).status_code == 302
    run_id = location_id(client.post("/scenarios/compliant-conduct/first-contact/start/practice"), r"/runs/(\d+)")
    client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify"})
    cert = db.session.scalars(select(Certificate).where(Certificate.user_id == owner.id)).one()
    world = World(owner, client, attempt_id, run_id, cert.id, cert.code)
    world.urls = {
        "attempt": f"/quizzes/attempt/{attempt_id}",
        "review": f"/quizzes/attempt/{attempt_id}/review",
        "run": f"/scenarios/runs/{run_id}",
        "debrief": f"/scenarios/runs/{run_id}/debrief",
        "calls": f"/scenarios/people/{owner.id}",
        "transcript": f"/reports/transcript/{owner.id}",
        "transcript_pdf": f"/reports/transcript/{owner.id}.pdf",
        "certificate": f"/certificates/{cert.id}",
        "certificate_pdf": f"/certificates/{cert.id}/pdf",
        "badge": f"/certificates/{cert.id}/badge.jwt",
        "person": f"/employees/{owner.id}",
    }
    return world
