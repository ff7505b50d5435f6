"""Run a scenario's ``tests:``: authors test their call graphs like code.

Each test replays its path through the engine and compares the ending node, the outcome,
pass/fail and the set of rules broken with what the author expected. Pure module.
"""

from __future__ import annotations

from collections.abc import Mapping

from elearn.core.problems import Problem
from elearn.scenarios.engine import ChoiceError, grade, replay
from elearn.scenarios.schema import Rule, Scenario, ScenarioTest


def run_tests(scenario: Scenario, rules: Mapping[str, Rule]) -> list[Problem]:
    """Every failing expectation of every test, as problems at the test's line."""
    problems = []
    for test in scenario.tests:
        problems += [Problem(scenario.path, test.line, f"test {test.name!r}: {message}")
                     for message in check_test(scenario, test, rules)]
    return problems


def check_test(scenario: Scenario, test: ScenarioTest, rules: Mapping[str, Rule]) -> list[str]:
    """What went differently from ``test.expect`` (empty when the test passes)."""
    try:
        state = replay(scenario, test.path, rules.values())
    except ChoiceError as exc:
        return [f"path cannot be played: {exc}"]
    verdict = grade(scenario, state, rules)
    failures = []
    if test.expect_ending is not None and (not state.ended or state.node != test.expect_ending):
        where = state.node if state.ended else f"still at {state.node!r} (call not over)"
        failures.append(f"expected ending {test.expect_ending!r}, got {where!r}")
    if test.expect_outcome is not None and state.outcome != test.expect_outcome:
        failures.append(f"expected outcome {test.expect_outcome!r}, got {state.outcome!r}")
    if test.expect_passed is not None and verdict.passed != test.expect_passed:
        failures.append(f"expected passed={test.expect_passed}, got passed={verdict.passed} "
                        f"({_why(verdict)})")
    if test.expect_violations is not None and set(test.expect_violations) != set(verdict.violations):
        failures.append(f"expected violations {sorted(test.expect_violations)}, "
                        f"got {sorted(verdict.violations)}")
    return failures


def _why(verdict) -> str:
    low = [f"{s.name} {s.score}/{s.threshold}" for s in verdict.skills if not s.ok]
    parts = [f"critical: {', '.join(verdict.critical)}"] if verdict.critical else []
    if low:
        parts.append("below threshold: " + ", ".join(low))
    return "; ".join(parts) or "all skills at threshold, no critical violation"
