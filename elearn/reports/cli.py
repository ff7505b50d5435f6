"""`flask report export ...`, `flask report remind` (cron), `flask report worker` (task queue consumer).

Recertification is started by the certificates domain (`flask certificates sweep`), which hands expiring
certificates to `elearn.employees.assigning.recertify`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from elearn.core.clock import now
from elearn.extensions import db
from elearn.reports.exports import FORMATS, export_matrix
from elearn.reports.queries import SORTS, MatrixFilter
from elearn.reports.status import STATUSES

group = AppGroup("report", help="Compliance reports, reminders and the background worker.")


@group.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--department-id", type=int, help="Department id: includes its teams.")
@click.option("--position")
@click.option("--course", help="Course slug.")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--due-within", type=int, help="Not done and due within N days.")
@click.option("--sort", type=click.Choice(sorted(SORTS)), default="employee_no")
@click.option("--locale", type=click.Choice(["zh_CN", "en"]), default="zh_CN")
def export_command(fmt, out: Path, department_id, position, course, status, due_within, sort, locale) -> None:
    """Write the compliance matrix as CSV, XLSX or PDF (recorded in the audit log)."""
    flt = MatrixFilter.from_mapping({"department_id": department_id, "position": position, "course": course,
                                     "status": status, "due_within": due_within, "sort": sort})
    result = export_matrix(fmt, flt, None, now(), locale)
    out.write_bytes(result.data)
    db.session.commit()
    click.echo(f"{out}: {result.rows} employees, {len(result.data)} bytes")


@group.command("remind")
def remind_command() -> None:
    """Send due-soon, overdue and expiring e-mails not sent before (run daily from cron)."""
    from elearn.reports.reminders import send_reminders

    click.echo(json.dumps(send_reminders(now())))


@group.command("purge")
def purge_command() -> None:
    """Drop export files older than 7 days and uploaded HR files older than 30 (the worker does it daily)."""
    from elearn.reports.retention import purge

    counts = purge(now())
    db.session.commit()
    click.echo(json.dumps(counts))


@group.command("worker")
def worker_command() -> None:
    """Run the task queue consumer (exports, large imports, scheduled reminders)."""
    from flask import current_app

    from elearn.reports.worker import run_consumer

    run_consumer(current_app._get_current_object())


def register(app) -> None:
    app.cli.add_command(group)
    app.cli.add_command(group, "reports")
