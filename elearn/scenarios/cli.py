"""``flask scenarios check`` (files and their tests), ``export DIR`` (published versions), ``grader`` (how
the free-text rules do on the lessons' do/don't tables) and ``say TEXT`` (which rules a reply breaks)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from elearn.scenarios.content import display_path, full_check, read_rules, read_scenario, scenario_paths


def _root() -> Path:
    """The content root (``CONTENT_ROOT``, default the working directory), resolved."""
    return Path(current_app.config.get("CONTENT_ROOT") or ".").resolve()


def register(app) -> None:
    app.cli.add_command(scenarios)


@click.group()
def scenarios() -> None:
    """Call scenarios."""


@scenarios.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate scenario files and run their tests (default: every scenario under CONTENT_ROOT)."""
    from elearn.courses.references import load_references

    root = _root()
    rules, _text, problems = read_rules(root)
    refs, _ = load_references(root)
    files = [p.resolve() for p in paths] or scenario_paths(root)
    for path in files:
        file, found = read_scenario(path, root)
        problems += found
        if file is not None and not found:
            problems += full_check(file, rules, refs)
            click.echo(f"ok {display_path(path, root)}: {len(file.scenario.tests)} tests")
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)


@scenarios.command("export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
def export(target: Path) -> None:
    """Write every published scenario (current version) and the rules file under TARGET/courses/."""
    from elearn.scenarios.services import export_scenarios

    for line in export_scenarios(target):
        click.echo(line)


@scenarios.command("grader")
@click.option("--verbose", "-v", is_flag=True, help="List every missed and wrongly flagged phrasing.")
def grader(verbose: bool) -> None:
    """Measure the free-text rules on the lessons' do/don't tables and the scenarios' scripted options."""
    from elearn.scenarios.phrasebook import content_phrases, measure, scenario_phrases

    root = _root()
    rules, _text, _problems = read_rules(root)
    lessons = content_phrases(root)
    options = []
    for path in scenario_paths(root):
        file, _found = read_scenario(path, root)
        options += scenario_phrases(file.scenario) if file is not None else []
    for label, result in (("lesson tables", measure(lessons, rules.values())),
                          ("scripted options", measure(options, rules.values()))):
        click.echo(f"{label}: don't {len(result.caught)}/{result.dont_total} caught ({result.catch_rate:.1%}); "
                   f"do {len(result.misfired)}/{result.do_total} flagged ({result.false_positive_rate:.1%})")
        if verbose:
            for phrase in result.missed:
                click.echo(f"  missed   {phrase.where}: {phrase.text}")
            for phrase, hits in result.misfired:
                click.echo(f"  flagged  {phrase.where}: {phrase.text}  [{hits}]")


@scenarios.command("say")
@click.argument("text")
def say(text: str) -> None:
    """Show which rules a typed reply breaks, and on which words."""
    from elearn.scenarios.freetext import violations_in

    rules, _text, _problems = read_rules(_root())
    hits = violations_in(text, rules.values())
    for hit in hits:
        rule = rules[hit.code]
        click.echo(f"{hit.code} ({rule.severity}) {rule.title.zh}: {hit.words}")
    if not hits:
        click.echo("no rule fires")
