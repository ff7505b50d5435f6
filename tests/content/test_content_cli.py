"""`flask content check | load | export`: every problem at once, all or nothing, and a lossless round trip."""

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from elearn.courses.kinds import KIND, REFERENCES_KIND
from elearn.courses.models import CourseVersion, LawReference
from elearn.extensions import db
from elearn.quizzes.content import KIND as QUIZ_KIND

FIXTURE = Path(__file__).parents[1] / "fixtures/content"


def _broken_tree(tmp_path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    lesson = root / "courses/sample-course/01-breach.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("[[law:civil-code-577]]", "[[law:contract-law]]"), encoding="utf-8"
    )
    course = root / "courses/sample-course/course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("  - 02-quiet-life.md", "  - 02-gone.md"), encoding="utf-8"
    )
    return root


def test_check_fixture_is_clean(runner):
    result = runner.invoke(args=["content", "check", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "content OK" in result.output


def test_check_lists_every_problem_with_file_and_line(runner, tmp_path):
    result = runner.invoke(args=["content", "check", "--root", str(_broken_tree(tmp_path))])
    assert result.exit_code == 1
    assert (
        "courses/sample-course/01-breach.md:10: [[law:contract-law]] cites a repealed law as current" in result.output
    )
    assert "courses/sample-course/course.yml:11: lesson file '02-gone.md' does not exist" in result.output


def test_load_with_problems_writes_nothing(runner, tmp_path):
    result = runner.invoke(args=["content", "load", "--root", str(_broken_tree(tmp_path))])
    assert result.exit_code == 1 and "nothing was loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(CourseVersion)) == 0
    assert db.session.scalar(select(func.count()).select_from(LawReference)) == 0


def test_export_round_trip_loads_unchanged(runner, tmp_path, app):
    from elearn.core.clock import now

    ctx: dict = {}
    REFERENCES_KIND.check(FIXTURE, ctx)
    KIND.check(FIXTURE, ctx)
    QUIZ_KIND.check(FIXTURE, ctx)
    REFERENCES_KIND.publish(ctx, now())
    KIND.publish(ctx, now())
    QUIZ_KIND.publish(ctx, now())
    db.session.commit()
    target = tmp_path / "export"
    result = runner.invoke(args=["content", "export", str(target)])
    assert result.exit_code == 0, result.output
    assert "wrote courses/sample-course/ (version 1)" in result.output
    assert "wrote quizzes/sample-quiz.yml (version 1)" in result.output  # the course's certification quiz
    again: dict = {}
    problems = REFERENCES_KIND.check(target, again) + KIND.check(target, again) + KIND.cross_check(again)
    assert problems == []
    assert again["courses"]["sample-course"] == ctx["courses"]["sample-course"]
    assert KIND.publish(again, now()) == []  # same version, same content: nothing new
    exported = (target / "courses/sample-course/01-breach.md").read_text(encoding="utf-8")
    assert exported.startswith("---\ntitle:\n  zh: 逾期还款是违约")


def test_load_publishes_every_kind_in_order(runner):
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines.index("published course sample-course v1") < lines.index("published quiz sample-quiz v1")
    again = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert "published" not in again.output


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="builds its own empty SQLite database")
def test_check_without_a_database_says_what_to_do(app_factory, tmp_path):
    empty = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.db'}")
    result = empty.test_cli_runner().invoke(args=["content", "check", "--root", str(FIXTURE)])
    assert "Traceback" not in result.output
    assert all("run `flask db upgrade heads` first" in line for line in result.output.splitlines()[:-1])


def test_load_is_recorded_in_the_audit_log(runner):
    from elearn.audit.models import AuditEntry

    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "content.load")).one()
    assert entry.actor_name == "system" and "published course sample-course v1" in entry.details
