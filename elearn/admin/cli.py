"""`flask backup FILE`: an online backup of the embedded database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from elearn.admin.backup import BackupError, backup_sqlite, sqlite_path


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(target: Path | None):
    """Copy the SQLite database to TARGET (default: instance/backups/elearn-<time>.db) while the site runs."""
    try:
        source = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
        if target is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = Path(current_app.instance_path) / "backups" / f"elearn-{stamp}.db"
        size = backup_sqlite(source, target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup written: {target} ({size / 1024:.0f} KiB)")


def register(app):
    app.cli.add_command(backup)
