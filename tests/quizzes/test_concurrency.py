"""Submitting is idempotent under concurrency: 50 simultaneous submits grade once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes import services
from elearn.quizzes.models import QuizAttempt


def test_fifty_simultaneous_submits_grade_once(app, make_user, publish_quiz, signals):
    publish_quiz()
    learner = make_user("learner")
    attempt = services.start_attempt(learner, "sample-quiz", now())
    services.save_responses(attempt, {"sq-001": "1"}, now())
    db.session.commit()
    attempt_id = attempt.id
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def submit():
        with app.app_context():
            try:
                barrier.wait(timeout=30)   # all 50 start together; the pool hands out connections as they free
                mine = db.session.get(QuizAttempt, attempt_id)
                services.submit_attempt(mine, now(), {"sq-001": "0", "sq-002": False, "sq-003": "民法典"})
                db.session.commit()
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    graded = db.session.get(QuizAttempt, attempt_id)
    assert graded.status == "graded"
    assert len(signals) == 1
    assert graded.percent == 100.0   # the submitted answers replaced the saved ones before grading
