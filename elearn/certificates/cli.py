"""`flask certificates ...`: verify a code, run the daily sweep, revoke, write a PDF."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from elearn.certificates import documents, lifecycle, services
from elearn.certificates.models import Certificate
from elearn.certificates.verification import verify_code
from elearn.core.clock import now
from elearn.extensions import db

certificates = AppGroup("certificates", help="Certificates: verification, expiry sweep, revocation.")


@certificates.command("verify")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
def verify_command(code: str, as_json: bool) -> None:
    """Same answer as /verify/CODE; exit status 0 only for a genuine certificate in force."""
    result = verify_code(code, now())
    data = result.as_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_describe(data))
    raise SystemExit(0 if result.genuine and data["status"] in ("valid", "expiring") else 1)


def _describe(data: dict) -> str:
    outcome = data["outcome"]
    if outcome == "malformed":
        return "not a verification code (26 letters and digits expected)"
    if outcome == "unknown":
        return "unknown code: no certificate has this code"
    if outcome == "tampered":
        return "NOT GENUINE: the certificate record failed its integrity check"
    status = data["status"]
    when = {"revoked": f" on {data['revoked_at']}", "expired": f" on {data['expires_at']}"}.get(status, "")
    course = data["course"]
    return "\n".join(
        [
            f"genuine: {status}{when}",
            f"serial:  {data['serial']}",
            f"holder:  {data['holder']}",
            f"course:  {course['zh']} / {course['en']} (v{course['version']})",
            f"issued:  {data['issued_at']}",
            f"expires: {data['expires_at']}",
        ]
    )


@certificates.command("sweep")
def sweep_command() -> None:
    """Re-assign courses before certificates expire and for versions that require recertification (daily)."""
    counts = lifecycle.sweep(now())
    db.session.commit()
    click.echo(f"re-assigned: {counts['expiring']} expiring, {counts['new_version']} for a new version")


@certificates.command("backfill")
def backfill_command() -> None:
    """Issue every certificate already earned (e.g. progress made before certificates were installed)."""
    learning = services.real_learning()
    if learning is None:
        raise click.ClickException("the courses domain is not installed")
    from elearn.auth.models import User
    from elearn.courses.services import current_courses

    moment, issued = now(), 0
    slugs = [course.slug for course in current_courses()]
    for user in db.session.scalars(select(User).where(User.active).order_by(User.id)):
        issued += sum(services.issue_if_met(user, slug, moment, learning) is not None for slug in slugs)
    db.session.commit()
    click.echo(f"issued {issued} certificates")


def _by_serial(serial: str) -> Certificate:
    cert = db.session.scalars(select(Certificate).where(Certificate.serial == serial)).first()
    if cert is None:
        raise click.ClickException(f"no certificate with serial {serial}")
    return cert


@certificates.command("revoke")
@click.argument("serial")
@click.option("--reason", required=True, help="Why it is revoked (kept in the audit log).")
def revoke_command(serial: str, reason: str) -> None:
    """Revoke a certificate by serial (recorded in the audit log as the system)."""
    try:
        services.revoke(_by_serial(serial), None, reason, now())
    except services.CertificateError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"revoked {serial}")


@certificates.command("pdf")
@click.argument("serial")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def pdf_command(serial: str, out: Path) -> None:
    """Write a certificate's PDF (from the cache, or rendered from the database row)."""
    out.write_bytes(documents.pdf_bytes(_by_serial(serial)))
    click.echo(f"wrote {out}")


def register(app) -> None:
    app.cli.add_command(certificates)
