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
    slugs = db.session.scalars(select(Certificate.course_slug).where(Certificate.head_key.is_not(None)).distinct())
    return sum(reopen_course(slug, now, learning) for slug in sorted(slugs))


def reopen_course(course_slug: str, now: datetime, learning=None) -> int:
    """Re-open one course for holders (valid, not yet re-assigned) of versions older than its current one,
    when that version requires recertification; due in CERT_RECERTIFY_DUE_DAYS. Returns how many."""
    learning = learning or services.real_learning()
    course = learning.published_course(course_slug) if learning is not None else None
    info = course_facts(course, course_slug) if course is not None else None
    if info is None or not info.recertify:
        return 0
    heads = db.session.scalars(
        select(Certificate).where(
            Certificate.course_slug == course_slug,
            Certificate.head_key.is_not(None),
            Certificate.revoked_at.is_(None),
            Certificate.reassigned_at.is_(None),
            Certificate.course_version < info.version,
        )
    ).all()
    due = now + timedelta(days=setting("CERT_RECERTIFY_DUE_DAYS", 30))
    return _reassign([(c, due) for c in heads], now, "new_version")


def on_course_published(sender, course_slug=None, now=None, **_extra) -> None:
    """Receiver of `elearn.core.events.course_published`: re-open the course for holders of older versions
    at once (inside the publishing transaction), not at the next daily sweep."""
    if course_slug and now is not None:
        reopen_course(course_slug, now)


def sweep(now: datetime, learning=None) -> dict:
    """The daily job (cron or the task scheduler): both re-assignments; safe to run again."""
    return {"expiring": reassign_expiring(now), "new_version": reopen_for_new_versions(now, learning)}
