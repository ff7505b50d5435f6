"""`flask demo seed`: idempotent demo data for `make run`."""

from __future__ import annotations

import importlib

import click
from flask.cli import AppGroup

from elearn.core.clock import now
from elearn.demo.people import seed_people
from elearn.extensions import db

demo = AppGroup("demo", help="Demo data (never on a production database).")

# Domains whose demo.seed(now) adds progress, in dependency order.
DEMO_DOMAINS = ["courses", "quizzes", "scenarios", "certificates", "employees", "reports"]


@demo.command("seed")
def seed():
    """Create the demo organisation, accounts and progress; running it again changes nothing."""
    moment = now()
    people = seed_people(moment)
    db.session.commit()
    click.echo(f"demo: {len(people)} new people")
    for domain in DEMO_DOMAINS:
        try:
            module = importlib.import_module(f"elearn.{domain}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"elearn.{domain}.demo":
                raise
            continue
        summary = module.seed(moment)
        db.session.commit()
        if summary:
            click.echo(f"demo: {domain}: {summary}")


def register(app):
    app.cli.add_command(demo)
