"""``flask scenarios check`` (files and their tests) and ``flask scenarios export DIR`` (published versions)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from elearn.scenarios.content import display_path, full_check, read_rules, read_scenario, scenario_paths


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

    root = Path(current_app.config.get("CONTENT_ROOT") or ".").resolve()
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
