"""With the real courses and quizzes domains: finishing the lessons and passing the quiz issues the
certificate at once; the course page shows what is missing, then the certificate."""

import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.extensions import db

CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}


def publish_sample(app):
    """The fixture content tree: glossary, sample-course v1 and sample-quiz."""
    from elearn.courses.kinds import KIND, REFERENCES_KIND
    from elearn.quizzes.content import parse_quiz
    from elearn.quizzes.publishing import publish_spec

    root = app.config["CONTENT_ROOT"]
    ctx: dict = {}
    problems = REFERENCES_KIND.check(root, ctx) + KIND.check(root, ctx) + KIND.cross_check(ctx)
    assert not problems, [str(p) for p in problems]
    REFERENCES_KIND.publish(ctx, now())
    KIND.publish(ctx, now())
    refs = ctx[REFERENCES_KIND.name]
    text = (Path(root) / "quizzes" / "sample-quiz.yml").read_text(encoding="utf-8")
    spec, problems = parse_quiz(text, "sample-quiz", "quizzes/sample-quiz.yml", refs)
    assert not problems, [str(p) for p in problems]
    publish_spec(replace(spec, max_attempts=0), refs, None, now())
    db.session.commit()


def test_lessons_and_quiz_earn_the_certificate_at_once(app, client, make_user, login):
    from elearn.courses.services import complete_lesson, published_course

    publish_sample(app)
    learner = make_user(display_name="欧阳龘")
    login(learner)
    page = client.get("/courses/sample-course").get_data(as_text=True)
    assert "获得证书还需要" in page and "通过课程测验" in page

    version = published_course("sample-course").current_version
    for lesson in version.lessons:
        complete_lesson(learner, lesson, now())
        db.session.commit()
    assert db.session.scalars(select(Certificate)).first() is None  # the quiz is still missing

    response = client.post("/quizzes/sample-quiz/start")
    attempt_id = int(re.search(r"/attempt/(\d+)", response.headers["Location"]).group(1))
    client.post(f"/quizzes/attempt/{attempt_id}/submit", data=CORRECT)

    cert = db.session.scalars(select(Certificate)).one()
    assert (cert.holder_name, cert.course_slug, cert.course_version, cert.score) == (
        "欧阳龘",
        "sample-course",
        1,
        100.0,
    )
    assert cert.course_version_id == version.id and cert.quiz_attempt_id == attempt_id
    page = client.get("/courses/sample-course").get_data(as_text=True)
    assert "认证有效期至" in page
    assert cert.serial in client.get("/certificates/").get_data(as_text=True)
