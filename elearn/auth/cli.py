"""`flask users ...`: accounts for real deployments."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from elearn.auth import services
from elearn.auth.models import ROLES
from elearn.core.clock import now
from elearn.extensions import db

users = AppGroup("users", help="Manage user accounts.")


@users.command("create")
@click.option("--username", required=True)
@click.option("--name", "display_name", required=True, help="Display name, e.g. 王小明")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--employee-no", default=None, help="Defaults to the username")
@click.option("--email", default=None)
@click.password_option(help="Asked for interactively when not given")
def create(username, display_name, role, employee_no, email, password):
    """Create a user account."""
    try:
        services.check_password_rules(password)
        user = services.create_user(
            username=username, display_name=display_name, role=role, password=password,
            employee_no=employee_no, email=email, now=now(),
        )
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"created {user.role} {user.username} ({user.display_name})")


@users.command("set-password")
@click.argument("username")
@click.password_option()
def set_password(username, password):
    """Set a user's password (ends their sessions)."""
    user = services.find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        services.check_password_rules(password)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    user.password_hash = services.hash_password(password)
    user.session_version += 1
    db.session.commit()
    click.echo(f"password set for {user.username}")


def register(app):
    app.cli.add_command(users)
