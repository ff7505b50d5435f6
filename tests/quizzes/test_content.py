"""`content load` publishes quiz files as immutable versions; an edit needs a version bump."""

from __future__ import annotations

from pathlib import Path

from elearn.content import runner
from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes.publishing import latest_version


def test_content_load_publishes_the_sample_quiz_once(app):
    root = Path(app.config["CONTENT_ROOT"])
    report = runner.load(root, now())
    assert report.ok, [str(p) for p in report.problems]
    assert "published quiz sample-quiz v1" in report.published
    db.session.commit()
    version = latest_version("sample-quiz")
    assert version.quiz.course_slug == "sample-course" and len(version.to_spec().questions) == 3
    assert 'href="/courses/glossary#civil-code-1260"' in version.rendered["sq-003"]["explanation"]
    again = runner.load(root, now())
    assert again.ok and not [line for line in again.published if "quiz" in line]


def test_an_edited_quiz_without_a_new_version_is_refused(app, tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    runner.load(root, now())
    db.session.commit()
    quiz = root / "quizzes" / "sample-quiz.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("pass_mark: 60", "pass_mark: 70"), encoding="utf-8")
    report = runner.check(root)
    assert "quizzes/sample-quiz.yml: the quiz changed but version is still 1: bump version" in map(str, report.problems)
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8")
    report = runner.load(root, now())
    assert report.ok and "published quiz sample-quiz v2" in report.published


def test_a_bad_quiz_file_publishes_nothing(app, tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    quiz = root / "quizzes" / "sample-quiz.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("answer: false", "answer: maybe"), encoding="utf-8")
    report = runner.load(root, now())
    assert not report.ok
    assert any(str(p).startswith("quizzes/sample-quiz.yml:29:") for p in report.problems), report.problems
    assert latest_version("sample-quiz") is None


def test_a_quiz_for_a_course_that_does_not_exist_is_refused(app, tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    quiz = root / "quizzes" / "sample-quiz.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("course: sample-course", "course: no-such-course"),
                    encoding="utf-8")
    report = runner.check(root)
    assert "quizzes/sample-quiz.yml:1: course 'no-such-course' does not exist" in map(str, report.problems)


def test_export_writes_quiz_files_that_load_back_unchanged(app, tmp_path):
    from elearn.quizzes.authoring import export_quizzes
    from elearn.quizzes.content import KIND

    runner.load(Path(app.config["CONTENT_ROOT"]), now())
    db.session.commit()
    assert export_quizzes(tmp_path) == ["wrote quizzes/sample-quiz.yml (version 1)"]
    ctx = {"references": runner.check(Path(app.config["CONTENT_ROOT"])).ctx["references"]}
    assert KIND.check(tmp_path, ctx) == []
    assert ctx["quizzes"]["sample-quiz"] == latest_version("sample-quiz").to_spec()
    assert KIND.cross_check({**ctx, "courses": None}) == []     # same version, same content: nothing to publish


def test_content_export_command_round_trips_every_quiz_version(app, tmp_path, publish_quiz):
    """`flask content export DIR` writes quizzes/<slug>.yml; loading DIR back finds the same versions, publishes none."""
    import shutil

    from elearn.quizzes.authoring import import_gift

    cli = app.test_cli_runner()

    cli.invoke(args=["content", "load", "--root", app.config["CONTENT_ROOT"]])
    fixtures = Path(__file__).parents[1] / "fixtures" / "gift"
    publish_quiz((fixtures / "every-type.yml").read_text(encoding="utf-8"), slug="every-type")
    report = import_gift((fixtures / "full-syntax.gift").read_text(encoding="utf-8"), "sample-quiz", None, now())
    assert report.version is not None and report.version.version == 2, report.problems
    db.session.commit()

    result = cli.invoke(args=["content", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote quizzes/every-type.yml (version 1)" in result.output
    assert "wrote quizzes/sample-quiz.yml (version 2)" in result.output
    # this test's database holds no compliance rules for `content export` to write: bring the file along
    shutil.copy(Path(app.config["CONTENT_ROOT"]) / "courses" / "_rules.yml", tmp_path / "courses" / "_rules.yml")
    check = runner.check(tmp_path)
    assert check.ok, [str(p) for p in check.problems]
    for slug in ("every-type", "sample-quiz"):
        assert check.ctx["quizzes"][slug] == latest_version(slug).to_spec()
    again = cli.invoke(args=["content", "load", "--root", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "published quiz" not in again.output
    assert [latest_version(s).version for s in ("every-type", "sample-quiz")] == [1, 2]
