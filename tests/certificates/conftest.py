"""Certificate test helpers: a fake of the courses, quizzes and scenarios interfaces."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from elearn.certificates.services import Learning


class FakeLearning:
    """A tiny world: published courses, each person's lessons, quiz results and passed scenarios."""

    def __init__(self):
        self.courses: dict[str, SimpleNamespace] = {}
        self.lessons: dict[tuple[int, str], int] = {}
        self.quiz: dict[tuple[int, str], SimpleNamespace] = {}
        self.scenarios: dict[tuple[int, str], set[str]] = {}
        self._attempts = 0

    def publish(
        self,
        slug="contract",
        version=1,
        quiz="contract-quiz",
        scenarios=(),
        validity_days=365,
        recertify=False,
        lessons=3,
    ):
        cert = {"lessons": "all", "quiz": quiz, "scenarios": list(scenarios), "validity_days": validity_days}
        current = SimpleNamespace(
            id=None,
            version=version,
            title={"zh": "合同与还款义务", "en": "Contract and repayment"},
            certification=cert,
            recertify_on_new_version=recertify,
            lessons_total=lessons,
        )
        self.courses[slug] = SimpleNamespace(slug=slug, current_version=current)
        return current

    def complete(self, user, slug="contract", quiz="contract-quiz", percent=90.0, scenarios=()):
        """Everything done: all lessons, a new passing quiz attempt, the given scenarios."""
        self.lessons[(user.id, slug)] = self.courses[slug].current_version.lessons_total
        if quiz:
            self.pass_quiz(user, quiz, percent)
        self.scenarios[(user.id, slug)] = set(scenarios)

    def pass_quiz(self, user, quiz="contract-quiz", percent=90.0):
        self._attempts += 1
        self.quiz[(user.id, quiz)] = SimpleNamespace(passed=True, grade_percent=percent, attempt_id=self._attempts)

    def learning(self) -> Learning:
        def progress(user, version):
            slug = next(s for s, c in self.courses.items() if c.current_version is version)
            done = self.lessons.get((user.id, slug), 0)
            return SimpleNamespace(
                lessons_done=done, lessons_total=version.lessons_total, completed=done >= version.lessons_total
            )

        return Learning(
            published_course=self.courses.get,
            course_progress=progress,
            quiz_result=lambda user, slug: self.quiz.get((user.id, slug)),
            passed_scenarios=lambda user, slug: self.scenarios.get((user.id, slug), set()),
        )


@pytest.fixture
def world():
    fake = FakeLearning()
    fake.publish()
    return fake
