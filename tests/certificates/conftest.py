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


def issue_race(app, user_ids, learning, monkeypatch, timeout: float = 30):
    """Issue for each user id in its own thread (own app context, session and connection). Every thread checks for
    an existing certificate, then waits at a barrier until all have checked, so all of them try to write together.
    Returns (serials, errors)."""
    import threading

    from elearn.auth.models import User
    from elearn.certificates import services
    from elearn.core.clock import now
    from elearn.extensions import db

    barrier = threading.Barrier(len(user_ids), timeout=timeout / 2)
    real_head = services.head_certificate
    local = threading.local()

    def head_then_wait(*args):
        found = real_head(*args)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait()
        return found

    monkeypatch.setattr(services, "head_certificate", head_then_wait)
    results, errors = [], []

    def worker(user_id):
        try:
            with app.app_context():
                user = db.session.get(User, user_id)
                cert = services.issue_if_met(user, "contract", now(), learning)
                db.session.commit()
                results.append(cert.serial if cert else None)
        except Exception as exc:  # noqa: BLE001 - reported by the callers' assertions
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    monkeypatch.undo()
    assert not any(t.is_alive() for t in threads)
    return results, errors
