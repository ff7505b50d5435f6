"""`flask quizzes import-gift FILE --quiz SLUG [--dry-run]` and `flask quizzes export-gift SLUG`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from elearn.audit import services as audit
from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes import authoring
from elearn.quizzes.gift import GiftError, decode

quizzes = AppGroup("quizzes", help="Quiz banks: Moodle GIFT import and export.")


@quizzes.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiz", "slug", required=True, help="Slug of the quiz that receives the questions")
@click.option("--course", default=None, help="Course slug, needed when the quiz does not exist yet")
@click.option("--dry-run", is_flag=True, help="Read and report only; change nothing")
def import_gift(file: Path, slug: str, course: str | None, dry_run: bool):
    """Import a GIFT file as a new version of a quiz (all or nothing)."""
    try:
        text = decode(file.read_bytes())
    except GiftError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    report = authoring.import_gift(text, slug, None, now(), course=course, dry_run=dry_run)
    click.echo(f"{len(report.questions)} questions read from {file}")
    for line, reason in report.problems:
        click.echo(f"{file}:{line}: {reason}" if line else f"{file}: {reason}", err=True)
    if report.problems:
        db.session.rollback()
        raise click.ClickException(f"{len(report.problems)} problems: nothing was imported")
    if dry_run:
        click.echo("dry run: nothing was imported")
        return
    audit.record(None, "quiz.import_gift", f"quiz:{slug}",
                 {"version": report.version.version, "questions": len(report.questions), "file": file.name}, now())
    db.session.commit()
    click.echo(f"imported {len(report.questions)} questions into {slug} v{report.version.version}")


@quizzes.command("export-gift")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output")
def export_gift(slug: str, output: Path | None):
    """Write the latest version of a quiz's bank as GIFT."""
    exported = authoring.export_bank(slug)
    if exported is None:
        raise click.ClickException(f"quiz {slug!r} is not published")
    text, skipped = exported
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    for qid, reason in skipped:
        click.echo(f"not exported: {qid}: {reason}", err=True)


@quizzes.command("close-expired")
def close_expired():
    """Submit, with what was saved, every attempt whose time limit has passed (run it from cron)."""
    from elearn.quizzes.services import close_all_expired

    count = close_all_expired(now())
    db.session.commit()
    click.echo(f"closed {count} expired attempts")


def register(app) -> None:
    app.cli.add_command(quizzes)
