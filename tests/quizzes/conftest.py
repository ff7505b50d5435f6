"""Quiz fixtures: publish quiz specs (the fixture sample-quiz by default) and count graded-attempt signals."""

from __future__ import annotations

from dataclasses import replace

import pytest

from elearn.core.clock import now
from elearn.core.events import learning_progress
from elearn.extensions import db
from elearn.quizzes.content import parse_quiz
from elearn.quizzes.publishing import publish_spec

ROOT_QUIZ = "quizzes/sample-quiz.yml"


@pytest.fixture
def refs(app):
    from pathlib import Path

    from elearn.courses.references import load_references

    found, problems = load_references(Path(app.config["CONTENT_ROOT"]))
    assert not problems
    return found


@pytest.fixture
def publish_quiz(app, refs):
    """publish_quiz(text=None, slug="sample-quiz", **settings) -> QuizVersion (committed; glossary loaded first)."""
    from pathlib import Path

    from elearn.courses.publishing import upsert_references

    upsert_references(refs, now())
    db.session.commit()

    def do(text: str | None = None, slug: str = "sample-quiz", **changes):
        text = text or (Path(app.config["CONTENT_ROOT"]) / ROOT_QUIZ).read_text(encoding="utf-8")
        spec, problems = parse_quiz(text, slug, f"quizzes/{slug}.yml", refs)
        assert not problems, [str(p) for p in problems]
        version = publish_spec(replace(spec, **changes), refs, None, now())
        db.session.commit()
        return version

    return do


@pytest.fixture
def signals():
    """Every learning_progress signal sent while the test runs: (user id, course slug)."""
    seen: list[tuple[int, str]] = []

    def receiver(sender, user, course_slug, now):
        seen.append((user.id, course_slug))

    learning_progress.connect(receiver)
    yield seen
    learning_progress.disconnect(receiver)


@pytest.fixture
def learner(make_user, login):
    user = make_user("learner", display_name="王小明")
    login(user)
    return user
