"""The quiz demo seed: attempts for learners who finished the course, idempotent, no demo account touched."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from elearn.content import runner
from elearn.core.clock import now
from elearn.courses.models import LessonProgress
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
        complete_lesson(done, lesson, now() - timedelta(days=2))
    db.session.commit()
    assert demo.seed(now()).endswith("quiz attempts")
    db.session.commit()
    attempts = db.session.query(QuizAttempt).all()
    assert attempts and {a.user_id for a in attempts} == {done.id}
    assert all(a.status == "graded" and a.percent is not None for a in attempts)
    finished = max(p.completed_at for p in db.session.query(LessonProgress).filter_by(user_id=done.id))
    assert all(finished < a.started_at < a.graded_at <= now() for a in attempts)  # after the lessons, not ahead
    assert demo.seed(now()) == "0 quiz attempts"
