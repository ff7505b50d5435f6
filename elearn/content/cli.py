"""`flask content check | load | export DIR`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from elearn.audit import services as audit
from elearn.content import runner
from elearn.core.clock import now
from elearn.extensions import db

content = AppGroup("content", help="Check, publish and export course, quiz and scenario files.")


def _root(root: str | None) -> Path:
    return Path(root or current_app.config["CONTENT_ROOT"])


def _print_problems(report: runner.Report) -> None:
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(report.problems)} problem(s)", err=True)


@content.command("check")
@click.option("--root", type=click.Path(file_okay=False), help="Content root (default: CONTENT_ROOT).")
def check_command(root):
    """Validate every content file; list problems as path:line: message (exit 1 if any)."""
    report = runner.check(_root(root))
    if not report.ok:
        _print_problems(report)
        raise SystemExit(1)
    click.echo("content OK")


@content.command("load")
@click.option("--root", type=click.Path(file_okay=False), help="Content root (default: CONTENT_ROOT).")
def load_command(root):
    """Publish new versions of all content: all or nothing."""
    try:
        report = runner.load(_root(root), now())
    except Exception:
        db.session.rollback()
        raise
    if not report.ok:
        db.session.rollback()
        _print_problems(report)
        click.echo("nothing was loaded", err=True)
        raise SystemExit(1)
    if report.published:
        audit.record(None, "content.load", str(_root(root)), {"published": report.published}, now())
    db.session.commit()
    for line in report.published or ["everything is up to date"]:
        click.echo(line)


@content.command("export")
@click.argument("target", type=click.Path(file_okay=False))
def export_command(target):
    """Write the glossary, every course's current version, every quiz's latest version, every scenario and the
    rules to TARGET, so that `content load` reads them back unchanged."""
    from elearn.courses.publishing import export_content
    from elearn.quizzes.authoring import export_quizzes
    from elearn.scenarios.services import export_scenarios

    root = Path(target)
    for line in export_content(root) + export_quizzes(root) + export_scenarios(root):
        click.echo(line)


def register(app) -> None:
    app.cli.add_command(content)
