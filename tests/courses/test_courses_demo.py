"""The demo seed gives a spread of progress and changes nothing when run again."""

from sqlalchemy import func, select

from elearn.core.clock import now
from elearn.courses import demo, services
from elearn.courses.models import LessonProgress
from elearn.extensions import db


def test_demo_progress_is_spread_and_idempotent(make_user, sample):
    learner = make_user(username="learner")
    others = [make_user(employee_no=f"E2{n:04d}") for n in range(20)]
    demo.seed(now())
    db.session.commit()
    rows = db.session.scalar(select(func.count()).select_from(LessonProgress))
    assert demo.seed(now()) == "" and db.session.scalar(select(func.count()).select_from(LessonProgress)) == rows
    version = sample.current_version
    assert services.course_progress(learner, version).lessons_done == 1
    assert services.resume_lesson(learner, version).slug == "02-quiet-life"
    done = [services.course_progress(user, version).lessons_done for user in others]
    assert 0 in done and 2 in done
