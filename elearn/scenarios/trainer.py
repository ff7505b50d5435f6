"""The trainer's browser editor: check YAML (validation and the scenario's tests) and save versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from elearn.core.problems import Problem
from elearn.scenarios.content import ScenarioFile, full_check, parse_scenario
from elearn.scenarios.loader import load_rules
from elearn.scenarios.models import Scenario
from elearn.scenarios.services import publish_file
from elearn.scenarios.testing import check_test


@dataclass(frozen=True)
class TestResult:
    name: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def _where(scenario: Scenario) -> str:
    return f"courses/{scenario.course_slug}/scenarios/{scenario.slug}.yml"


def _validate(scenario: Scenario, text: str) -> tuple[ScenarioFile | None, list[Problem], dict]:
    """(file when its graph is sound, problems, rules): tests only run on a sound graph."""
    from elearn.courses.publishing import reference_fields

    rules_source = scenario.current_version.rules_source
    rules, _ = load_rules("courses/_rules.yml", rules_source)
    file, problems = parse_scenario(text.replace("\r\n", "\n"), _where(scenario), scenario.slug, scenario.course_slug)
    if file is None or problems:
        return None, problems, rules
    return file, full_check(file, rules, reference_fields()), rules


def check_source(scenario: Scenario, text: str) -> tuple[list[Problem], list[TestResult] | None]:
    """Problems in ``text`` and, when it parses, the result of each of its tests."""
    file, problems, rules = _validate(scenario, text)
    if file is None or any("unknown rule" in p.message for p in problems):
        return problems, None
    results = [TestResult(test.name, tuple(check_test(file.scenario, test, rules))) for test in file.scenario.tests]
    return problems, results


def save_source(scenario: Scenario, text: str, actor, now: datetime):
    """Publish ``text`` as a new version if it is valid and its tests pass: (version or None, problems)."""
    file, problems, _rules = _validate(scenario, text)
    if file is None or problems:
        return None, problems
    return publish_file(file, scenario.current_version.rules_source, actor, now, origin="editor"), []
