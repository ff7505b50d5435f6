"""Report fixtures: courses with lessons, progress and certificates written straight into the tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from elearn.auth.models import Department
from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.employees import assigning
from elearn.extensions import db


@pytest.fixture
def make_course(app):
    def factory(slug: str, lessons: int = 2, title_zh: str | None = None) -> Course:
        course = Course(slug=slug)
        db.session.add(course)
        db.session.flush()
        version = CourseVersion(course_id=course.id, version=1, title={"zh": title_zh or f"课程{slug}", "en": slug},
                                summary={}, audience={}, category="contract", prerequisites=[], certification={},
                                fingerprint="x" * 64)
        db.session.add(version)
        db.session.flush()
        for i in range(lessons):
            db.session.add(Lesson(course_version_id=version.id, position=i, slug=f"l{i}", title={"zh": f"第{i}课"},
                                  objectives=[], body_md="", body_html="", toc=[], plain_text=""))
        course.current_version_id = version.id
        db.session.commit()
        return course

    return factory


@pytest.fixture
def progress(app):
    def record(user, course: Course, done: int) -> None:
        version = db.session.get(CourseVersion, course.current_version_id)
        for lesson in version.lessons[:done]:
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, course_version_id=version.id,
                                          started_at=now(), last_seen_at=now(), completed_at=now()))
        db.session.commit()

    return record


@pytest.fixture
def certify(app):
    counter = {"n": 0}

    def issue(user, slug: str, expires_in_days: int = 300, score: float = 90.0, revoked: bool = False):
        counter["n"] += 1
        n = counter["n"]
        cert = Certificate(
            serial=f"EL-2026-{n:05d}", year=2026, number=n, code=f"code{n}", user_id=user.id,
            employee_no=user.employee_no, holder_name=user.display_name, course_slug=slug, course_version=1,
            course_title_zh=f"课程{slug}", course_title_en=slug, score=score, issued_at=now() - timedelta(days=10),
            expires_at=now() + timedelta(days=expires_in_days), head_key=f"{user.id}:{slug}",
            revoked_at=now() if revoked else None, signature="s" * 64,
        )
        db.session.add(cert)
        db.session.commit()
        return cert

    return issue


@pytest.fixture
def team(app, make_user, make_course):
    """Two departments, four learners, two courses assigned to everyone (due in 14 days)."""
    centre = Department(code="c", name="催收中心", level="centre")
    one = Department(code="d1", name="催收一部", parent=centre)
    two = Department(code="d2", name="催收二部", parent=centre)
    db.session.add_all([centre, one, two])
    db.session.commit()
    people = [make_user(display_name=name, department=dept, position="催收专员", hire_date=date(2025, 1, 1),
                        email=f"u{i}@example.com")
              for i, (name, dept) in enumerate([("王芳", one), ("李强", one), ("欧阳娜娜", two), ("赵敏", two)])]
    hr = make_user("hr", display_name="人事张")
    law, talk = make_course("law", 2, "合同与还款义务"), make_course("talk", 3, "沟通技巧")
    for slug in ("law", "talk"):
        assigning.create_rule(hr, now(), course_slug=slug, kind="everyone", due_days=14)
    db.session.commit()
    return {"people": people, "hr": hr, "one": one, "two": two, "law": law, "talk": talk}


@pytest.fixture
def history(app):
    """Write a graded quiz attempt and a finished assessment call for a user (as the other domains would)."""
    from elearn.quizzes.models import Quiz, QuizAttempt, QuizVersion
    from elearn.scenarios.models import Scenario, ScenarioRun, ScenarioVersion

    def add(user, course_slug="law", percent=85.0, passed=True, violations=("T1",)):
        quiz = db.session.query(Quiz).filter_by(slug=f"{course_slug}-quiz").one_or_none()
        if quiz is None:
            quiz = Quiz(slug=f"{course_slug}-quiz", course_slug=course_slug)
            db.session.add(quiz)
            db.session.flush()
            db.session.add(QuizVersion(quiz_id=quiz.id, version=1, title={"zh": "合同测验", "en": "Contract quiz"},
                                       spec={}, rendered={}, fingerprint="q" * 64))
            scenario = Scenario(course_slug=course_slug, slug="first-contact")
            db.session.add(scenario)
            db.session.flush()
            db.session.add(ScenarioVersion(scenario_id=scenario.id, version=1, title={"zh": "首次联系", "en": "First"},
                                           source="", rules_source="", rendered={}, fingerprint="s" * 64))
            db.session.flush()
        version = quiz.versions[0]
        moment = now()
        db.session.add(QuizAttempt(quiz_id=quiz.id, quiz_version_id=version.id, user_id=user.id, number=1,
                                   status="graded", started_at=moment, submitted_at=moment, graded_at=moment,
                                   layout=[], percent=percent, passed=passed))
        scenario = db.session.query(Scenario).filter_by(course_slug=course_slug).one()
        db.session.add(ScenarioRun(user_id=user.id, scenario_id=scenario.id, version_id=scenario.versions[0].id,
                                   mode="assessment", status="finished", finished_at=moment, outcome="hang_up",
                                   passed=not violations, violations=list(violations)))
        db.session.commit()

    return add
