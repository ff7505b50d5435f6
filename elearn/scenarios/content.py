"""Content kinds for ``flask content check/load``: the site's rules file and the call scenarios.

``RULES_KIND`` reads ``courses/_rules.yml``; ``KIND`` reads ``courses/<slug>/scenarios/*.yml``,
validates each graph, checks rule codes and law citations, and runs each scenario's ``tests:``.
``check`` and ``cross_check`` are pure; ``publish`` hands the checked files to the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from elearn.core.problems import Problem
from elearn.scenarios.loader import load_rules, load_scenario
from elearn.scenarios.schema import Rule, Scenario
from elearn.scenarios.testing import run_tests
from elearn.scenarios.validate import cited_ids, graph_problems, law_problems, rule_problems

RULES_FILE = "courses/_rules.yml"


@dataclass(frozen=True)
class ScenarioFile:
    """A checked scenario with the exact text it was parsed from (stored at publish)."""

    scenario: Scenario
    source: str


def read_rules(root: Path) -> tuple[dict[str, Rule], str, list[Problem]]:
    """Load ``courses/_rules.yml`` under ``root``: (rules by code, source text, problems)."""
    path = Path(root) / RULES_FILE
    if not path.is_file():
        return {}, "", [Problem(RULES_FILE, None, "the compliance rules file is missing")]
    text = path.read_text(encoding="utf-8")
    rules, problems = load_rules(RULES_FILE, text)
    return rules, text, problems


def scenario_paths(root: Path) -> list[Path]:
    """Every ``courses/<slug>/scenarios/*.yml`` under ``root``, in a stable order."""
    return sorted((Path(root) / "courses").glob("*/scenarios/*.yml"))


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to the content root when it is inside it, else as given."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def read_scenario(path: Path, root: Path) -> tuple[ScenarioFile | None, list[Problem]]:
    """Load one scenario file and check its graph (rules and laws are checked later)."""
    where = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(where, None, f"cannot read file: {exc}")]
    return parse_scenario(text, where, path.stem, path.parent.parent.name)


def parse_scenario(text: str, where: str, scenario_id: str, course: str):
    """Parse and graph-check scenario ``text``; used for files and the trainer's editor."""
    scenario, problems = load_scenario(where, text, scenario_id, course)
    if scenario is None:
        return None, problems
    problems += graph_problems(scenario)
    return ScenarioFile(scenario, text), problems


def full_check(file: ScenarioFile, rules: dict[str, Rule], refs) -> list[Problem]:
    """Rule codes, law citations (when ``refs`` is given) and the scenario's own tests."""
    scenario = file.scenario
    problems = rule_problems(scenario, rules)
    if refs is not None:
        problems += law_problems(scenario.path, cited_ids(scenario), refs)
    if not problems:
        problems += run_tests(scenario, rules)
    return problems


class RulesKind:
    """The compliance rules file: one for the whole site."""

    name = "rules"

    def check(self, root: Path, ctx: dict) -> list[Problem]:
        """Parse the rules; store ``ctx["rules"]`` (code -> Rule) and the source text."""
        rules, text, problems = read_rules(root)
        ctx["rules"] = rules
        ctx["rules_source"] = text
        return problems

    def cross_check(self, ctx: dict) -> list[Problem]:
        """Every law id a rule cites must be a declared, unrepealed reference."""
        refs = ctx.get("references")
        if refs is None:
            return []
        cited = [(rule.line, law_id) for rule in ctx.get("rules", {}).values() for law_id in rule.law]
        return law_problems(RULES_FILE, cited, refs)

    def publish(self, ctx: dict, now) -> list[str]:
        """The rules are stored with each scenario version; nothing to write on their own."""
        return []


class ScenariosKind:
    """Call scenarios under ``courses/<slug>/scenarios/``."""

    name = "scenarios"

    def check(self, root: Path, ctx: dict) -> list[Problem]:
        """Parse and graph-check every scenario; store ``ctx["scenarios"][course][id]``."""
        found: dict[str, dict[str, ScenarioFile]] = {}
        problems: list[Problem] = []
        for path in scenario_paths(root):
            file, found_problems = read_scenario(path, Path(root))
            problems += found_problems
            if file is not None and not found_problems:
                found.setdefault(file.scenario.course, {})[file.scenario.id] = file
        ctx["scenarios"] = found
        return problems

    def cross_check(self, ctx: dict) -> list[Problem]:
        """Rule codes and law ids exist; then each scenario's ``tests:`` must pass."""
        rules = ctx.get("rules", {})
        problems = []
        for files in ctx.get("scenarios", {}).values():
            for file in files.values():
                problems += full_check(file, rules, ctx.get("references"))
        return problems

    def publish(self, ctx: dict, now) -> list[str]:
        """Store a new version of each scenario whose file (or the rules) changed."""
        from elearn.scenarios.services import publish_scenarios

        return publish_scenarios(ctx.get("scenarios", {}), ctx.get("rules_source", ""), None, now)


RULES_KIND = RulesKind()
KIND = ScenariosKind()
