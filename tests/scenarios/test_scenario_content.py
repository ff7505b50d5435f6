"""`flask content check/load` runs the rules and scenario kinds: problems name file:line, tests run, load publishes."""

import shutil
from pathlib import Path

from elearn.content import runner
from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios import services

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "content"


def content_root(tmp_path) -> Path:
    """The fixture content plus the site's rules, its glossary and one shipped scenario."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    shutil.copy(ROOT / "courses" / "_rules.yml", root / "courses" / "_rules.yml")
    shutil.rmtree(root / "courses" / "_references")
    shutil.copytree(ROOT / "courses" / "_references", root / "courses" / "_references")
    target = root / "courses" / "sample-course" / "scenarios"
    target.mkdir()
    shutil.copy(ROOT / "courses/privacy-pipl/scenarios/employer-answers.yml", target / "employer-answers.yml")
    return root


def scenario_problems(report):
    return [str(p) for p in report.problems if "scenarios/" in p.path or "_rules" in p.path]


def test_content_check_runs_scenario_tests_and_load_publishes(app, tmp_path):
    root = content_root(tmp_path)
    assert scenario_problems(runner.check(root)) == []
    path = root / "courses/sample-course/scenarios/employer-answers.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("violations: [P1, P2, P3]}", "violations: [P1, P3]}"), encoding="utf-8")
    found = scenario_problems(runner.check(root))
    assert len(found) == 1 and found[0].startswith("courses/sample-course/scenarios/employer-answers.yml:")
    assert "expected violations ['P1', 'P3'], got ['P1', 'P2', 'P3']" in found[0]
    path.write_text(text, encoding="utf-8")
    report = runner.load(root, now())
    assert report.ok, report.problems
    db.session.commit()
    assert "published scenario sample-course/employer-answers v1" in report.published
    assert services.find("sample-course", "employer-answers").current_version.version == 1


def test_unknown_rules_and_laws_are_content_errors(app, tmp_path):
    root = content_root(tmp_path)
    path = root / "courses/sample-course/scenarios/employer-answers.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("violations: [I1, P4]", "violations: [I1, Z9]").replace("[[law:pipl-5]]", "[[law:contract-law]]")
    path.write_text(text, encoding="utf-8")
    found = scenario_problems(runner.check(root))
    assert any("names unknown rule 'Z9'" in p for p in found)
    assert any("law reference 'contract-law' is repealed" in p for p in found)
