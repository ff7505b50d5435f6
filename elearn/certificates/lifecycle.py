"""Events and schedules: issue on learning progress; re-assign before expiry; re-open on new versions."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.audit.services import record
from elearn.certificates import services
from elearn.certificates.models import Certificate
from elearn.certificates.services import course_facts, issue_if_met, setting
from elearn.extensions import db


def on_learning_progress(sender, user=None, course_slug=None, now=None, **_extra) -> None:
    """Receiver of `elearn.core.events.learning_progress`: issue at once when the rule is met.

    Runs inside the sender's transaction (the sender's route commits), so the certificate and the
    progress that earned it are saved together or not at all.
    """
    if user is None or not course_slug or now is None:
        return
    issue_if_met(user, course_slug, now)


def _reassign(pairs: list[tuple[Certificate, datetime]], now: datetime, reason: str) -> int:
    """Hand (certificate, due) pairs to the employees domain's recertification and mark them once."""
    if not pairs:
        return 0
    from elearn.employees.assigning import recertify

    recertify(now, [(c.user_id, c.course_slug, due) for c, due in pairs])
    for cert, due in pairs:
        cert.reassigned_at = now
        details = {"user": cert.employee_no, "course": cert.course_slug, "due": due.isoformat(), "reason": reason}
        record(None, "certificate.reassigned", f"certificate:{cert.serial}", details, now)
    db.session.flush()
    return len(pairs)


def reassign_expiring(now: datetime) -> int:
    """Re-assign the course to holders whose certificate expires within CERT_REASSIGN_DAYS (due: expiry)."""
    horizon = now + timedelta(days=setting("CERT_REASSIGN_DAYS", 30))
    certs = db.session.scalars(
        select(Certificate).where(
            Certificate.head_key.is_not(None),
            Certificate.revoked_at.is_(None),
            Certificate.reassigned_at.is_(None),
            Certificate.expires_at <= horizon,
        )
    ).all()
    return _reassign([(c, c.expires_at) for c in certs], now, "expiry")


def reopen_for_new_versions(now: datetime, learning=None) -> int:
    """Re-open a course for holders of older versions when its current version requires recertification."""
    learning = learning or services.real_learning()
    if learning is None:
        return 0
    due = now + timedelta(days=setting("CERT_RECERTIFY_DUE_DAYS", 30))
    heads = db.session.scalars(
        select(Certificate).where(
            Certificate.head_key.is_not(None),
            Certificate.revoked_at.is_(None),
            Certificate.reassigned_at.is_(None),
        )
    ).all()
    pairs = []
    for slug in sorted({c.course_slug for c in heads}):
        course = learning.published_course(slug)
        info = course_facts(course, slug) if course is not None else None
        if info is None or not info.recertify:
            continue
        pairs += [(c, due) for c in heads if c.course_slug == slug and c.course_version < info.version]
    return _reassign(pairs, now, "new_version")


def sweep(now: datetime, learning=None) -> dict:
    """The daily job (cron or the task scheduler): both re-assignments; safe to run again."""
    return {"expiring": reassign_expiring(now), "new_version": reopen_for_new_versions(now, learning)}
