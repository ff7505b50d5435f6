"""`flask employees import FILE [--dry-run]` and `flask employees assign` (for cron)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from elearn.core.clock import now
from elearn.employees import assigning, services
from elearn.extensions import db

group = AppGroup("employees", help="Employees: HR import and assignment rules.")


def _print_plan(plan) -> None:
    summary = plan.summary()
    click.echo(
        f"encoding {plan.encoding}: {summary['creates']} to create, {summary['updates']} to update, "
        f"{summary['deactivations']} to deactivate, {summary['unchanged']} unchanged, {summary['errors']} errors"
    )
    if plan.sensitive_columns:
        click.echo("not imported (personal data we do not keep): " + ", ".join(plan.sensitive_columns))
    if plan.ignored_columns:
        click.echo("ignored columns: " + ", ".join(plan.ignored_columns))
    for problem in plan.problems:
        click.echo(f"row {problem.row}, column {problem.column}: {problem.text()}", err=True)


@group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--deactivate-missing", is_flag=True, help="The file is a full snapshot: deactivate active employees "
              "missing from it.")
def import_command(file: Path, dry_run: bool, deactivate_missing: bool) -> None:
    """Import employees from a CSV (UTF-8 or GBK) or XLSX export, all or nothing."""
    data = file.read_bytes()
    try:
        plan = services.preview_import(data, file.name, deactivate_missing)
    except ValueError as exc:
        raise click.ClickException(f"{file.name}: {exc}") from exc
    _print_plan(plan)
    if not plan.ok:
        raise SystemExit(1)
    if dry_run:
        click.echo("dry run: nothing written")
        return
    moment = now()
    services.apply_import(data, file.name, None, moment, deactivate_missing)
    created = assigning.apply_rules(moment)
    db.session.commit()
    click.echo(f"applied; {created} new assignments from the rules")


@group.command("assign")
def assign_command() -> None:
    """Apply every active assignment rule (idempotent; run it daily from cron)."""
    created = assigning.apply_rules(now())
    db.session.commit()
    click.echo(f"{created} new assignments")


def register(app) -> None:
    app.cli.add_command(group)
