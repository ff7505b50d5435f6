"""`flask audit verify`: walk the hash chain; exit 1 and name the entries when one was edited or deleted."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from elearn.audit import services
from elearn.audit.models import AuditEntry
from elearn.extensions import db

group = AppGroup("audit", help="The append-only audit log.")


@group.command("verify")
def verify_command() -> None:
    """Check that no audit entry was edited, deleted or inserted out of order."""
    count = db.session.scalar(select(func.count()).select_from(AuditEntry))
    breaks = services.verify()
    if not breaks:
        click.echo(f"audit log intact: {count} entries")
        return
    for item in breaks:
        click.echo(f"entry {item.entry_id}: {item.reason}", err=True)
    click.echo(f"audit log TAMPERED: {len(breaks)} problem(s) in {count} entries", err=True)
    raise SystemExit(1)


def register(app) -> None:
    app.cli.add_command(group)
