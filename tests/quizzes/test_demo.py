"""The quiz demo seed: attempts for learners who finished the course, idempotent, no demo account touched."""

from __future__ import annotations

from pathlib import Path

from elearn.content import runner
from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes import demo
from elearn.quizzes.models import QuizAttempt


def test_demo_seed_adds_attempts_once(app, make_user):
    runner.load(Path(app.config["CONTENT_ROOT"]), now())
    db.session.commit()
    from elearn.courses.services import complete_lesson, published_course

    done = make_user("learner", employee_no="E20001")
    make_user("learner", username="learner", employee_no="E20002")
    for lesson in published_course("sample-course").current_version.lessons:
        complete_lesson(done, lesson, now())
    db.session.commit()
    assert demo.seed(now()).endswith("quiz attempts")
    db.session.commit()
    attempts = db.session.query(QuizAttempt).all()
    assert attempts and {a.user_id for a in attempts} == {done.id}
    assert all(a.status == "graded" and a.percent is not None for a in attempts)
    assert demo.seed(now()) == "0 quiz attempts"
