"""Courses fixtures: the fixture content tree's glossary and courses published into the test database.

Only the courses kinds run here (the whole `content load` is tested in tests/content), so these tests do not
depend on the quizzes and scenarios domains.
"""

from __future__ import annotations

import pytest

from elearn.core.clock import now
from elearn.courses.kinds import KIND, REFERENCES_KIND
from elearn.extensions import db


@pytest.fixture
def load_content(app):
    """load_content(root=None) -> published lines: check and publish references and courses."""

    def do_load(root=None):
        ctx: dict = {}
        root = root or app.config["CONTENT_ROOT"]
        problems = REFERENCES_KIND.check(root, ctx) + KIND.check(root, ctx) + KIND.cross_check(ctx)
        assert not problems, [str(p) for p in problems]
        lines = REFERENCES_KIND.publish(ctx, now()) + KIND.publish(ctx, now())
        db.session.commit()
        return lines

    return do_load


@pytest.fixture
def sample(load_content):
    """The fixture content, published: sample-course v1 with two lessons."""
    from elearn.courses.services import published_course

    load_content()
    return published_course("sample-course")
