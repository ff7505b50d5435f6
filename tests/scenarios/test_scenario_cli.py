"""`flask scenarios check` and `flask scenarios export`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_runs_the_shipped_scenarios_and_their_tests(app, runner):
    from tests.scenarios.shipped import SHIPPED

    app.config["CONTENT_ROOT"] = str(ROOT)
    result = runner.invoke(args=["scenarios", "check", *[str(ROOT / name) for name in SHIPPED]])
    assert result.exit_code == 0, result.output
    assert "ok courses/compliant-conduct/scenarios/first-contact.yml: 10 tests" in result.output


def test_check_fails_on_a_broken_file(app, runner, tmp_path):
    app.config["CONTENT_ROOT"] = str(ROOT)
    broken = tmp_path / "broken.yml"
    broken.write_text("title: x\nnodes: [\n", encoding="utf-8")
    result = runner.invoke(args=["scenarios", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken.as_posix()}:3: not valid YAML" in result.output + getattr(result, "stderr", "")


def test_export_writes_the_exact_published_source(published, runner, tmp_path):
    result = runner.invoke(args=["scenarios", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    exported = tmp_path / "courses/privacy-pipl/scenarios/employer-answers.yml"
    original = ROOT / "courses/privacy-pipl/scenarios/employer-answers.yml"
    assert exported.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
    assert (tmp_path / "courses/_rules.yml").read_text(encoding="utf-8") == (ROOT / "courses/_rules.yml").read_text(
        encoding="utf-8")


def test_grader_reports_catch_and_false_positive_rates(app, runner):
    app.config["CONTENT_ROOT"] = str(ROOT)
    result = runner.invoke(args=["scenarios", "grader", "-v"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("lesson tables: don't ") and "do 0/" in lines[0]
    assert any(line.startswith("scripted options: don't ") for line in lines)
    assert any(line.startswith("  missed   courses/") for line in lines)


def test_say_names_the_rule_and_the_words(app, runner):
    app.config["CONTENT_ROOT"] = str(ROOT)
    result = runner.invoke(args=["scenarios", "say", "你不还就让你爸妈还"])
    assert result.output.strip() == "D5 (major) 不得称家人需承担债务: 让你爸妈还"
    assert runner.invoke(args=["scenarios", "say", "我不会说您被通缉"]).output.strip() == "no rule fires"
