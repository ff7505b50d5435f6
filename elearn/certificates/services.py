"""Certificate use cases: issue when the rule is met, status, revoke and re-issue, expiry and recertification.

Services add and flush; the route or CLI command that calls them commits once. The learning interfaces
(courses, quizzes, scenarios) are reached through `Learning`, so tests pass fakes and production passes
the real functions.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.certificates.models import Certificate, SerialCounter
from elearn.certificates.rules import Evaluation, Facts, Missing, Rule, evaluate, gather_facts, rule_from_mapping
from elearn.certificates.signing import derive_key, format_serial, new_code, seal, seal_ok
from elearn.certificates.status import CertStatus, Status, status_at
from elearn.core.clock import to_local
from elearn.extensions import db


class CertificateError(ValueError):
    """A request about a certificate that cannot be honoured; the message is shown to the user."""


@dataclass(frozen=True)
class Learning:
    """The four learning interfaces the rule needs (see docs/architecture.md)."""

    published_course: object
    course_progress: object
    quiz_result: object
    passed_scenarios: object


@dataclass(frozen=True)
class CourseFacts:
    """What a certificate records about the course version it was earned on."""

    slug: str
    version_id: int | None
    version: int
    title_zh: str
    title_en: str
    rule: Rule
    recertify: bool


def real_learning() -> Learning | None:
    """The courses, quizzes and scenarios services; None without courses. A domain not installed yet
    counts as "nothing passed there", so a rule that needs it cannot be met by mistake."""
    try:
        from elearn.courses.services import course_progress, published_course
    except ImportError:
        return None
    return Learning(
        published_course,
        course_progress,
        _optional("quizzes", "quiz_result", lambda user, slug: None),
        _optional("scenarios", "passed_scenarios", lambda user, slug: set()),
    )


def _optional(domain: str, name: str, fallback):
    try:
        return getattr(importlib.import_module(f"elearn.{domain}.services"), name)
    except (ImportError, AttributeError):
        return fallback


def setting(name: str, default):
    return current_app.config.get(name, default)


def signing_secret() -> str:
    """CERT_SIGNING_SECRET if set, else SECRET_KEY. Set it before rotating SECRET_KEY: every seal and
    badge key derives from it, and old seals stay checkable through CERT_SIGNING_OLD_SECRETS."""
    return current_app.config.get("CERT_SIGNING_SECRET") or current_app.config["SECRET_KEY"]


def seal_key() -> bytes:
    return derive_key(signing_secret(), "certificates")


def course_facts(course, slug: str) -> CourseFacts:
    """Read the published course's current version (attribute names of the courses domain)."""
    version = course.current_version
    title = getattr(version, "title", None) or getattr(course, "title", None) or {}
    if isinstance(title, str):
        title = {"zh": title, "en": title}
    rule = rule_from_mapping(getattr(version, "certification", None))
    return CourseFacts(
        slug=slug,
        version_id=getattr(version, "id", None),
        version=int(getattr(version, "version", None) or getattr(version, "number", 1)),
        title_zh=title.get("zh") or title.get("en") or slug,
        title_en=title.get("en") or title.get("zh") or slug,
        rule=rule,
        recertify=bool(getattr(version, "recertify_on_new_version", False)),
    )


def head_certificate(user_id: int, course_slug: str) -> Certificate | None:
    """The newest certificate of a person for a course (revoked or not), or None."""
    return db.session.scalars(select(Certificate).where(Certificate.head_key == f"{user_id}:{course_slug}")).first()


def status_of(cert: Certificate, now: datetime) -> Status:
    return status_at(cert.expires_at, cert.revoked_at, now, setting("CERT_EXPIRING_DAYS", 30))


def certificate_status(user, course_slug: str, now: datetime) -> CertStatus | None:
    """The person's current standing for a course (the cross-domain interface), or None if never certified."""
    cert = head_certificate(user.id, course_slug)
    if cert is None:
        return None
    return CertStatus(
        status=status_of(cert, now),
        serial=cert.serial,
        code=cert.code,
        issued_at=cert.issued_at,
        expires_at=cert.expires_at,
        revoked_at=cert.revoked_at,
        course_version=cert.course_version,
        certificate_id=cert.id,
    )


def requirements(user, course_slug: str, learning: Learning | None = None) -> Evaluation | None:
    """What the person still has to do for the course's certificate (None: course unknown)."""
    learning = learning or real_learning()
    course = learning.published_course(course_slug) if learning else None
    if course is None:
        return None
    facts = course_facts(course, course_slug)
    return replace(evaluate(facts.rule, _gather(user, facts, course, learning)), course_slug=course_slug)


@dataclass(frozen=True)
class Needed:
    """One missing requirement as a page shows it: the titles ({zh, en}) of the quiz or scenario, if known."""

    item: Missing
    title: dict | None = None


def needed(evaluation: Evaluation) -> list[Needed]:
    """The missing items with the published quiz's and scenarios' titles (read through their services);
    a quiz or scenario not found keeps its id."""
    return [Needed(item, _title(item, evaluation.course_slug)) for item in evaluation.missing]


def _title(item: Missing, course_slug: str) -> dict | None:
    if item.kind == "quiz":
        quiz = _optional("quizzes", "get_quiz", lambda slug: None)(item.key)
        return quiz.versions[-1].title if quiz is not None and quiz.versions else None
    if item.kind == "scenario":
        scenario = _optional("scenarios", "find", lambda course, slug: None)(course_slug, item.key)
        version = scenario.current_version if scenario is not None else None
        return version.title if version is not None else None
    return None


def _gather(user, facts: CourseFacts, course, learning: Learning) -> Facts:
    return gather_facts(
        user,
        facts.slug,
        course.current_version,
        facts.rule,
        course_progress=learning.course_progress,
        quiz_result=learning.quiz_result,
        passed_scenarios=learning.passed_scenarios,
    )


def issue_if_met(user, course_slug: str, now: datetime, learning: Learning | None = None) -> Certificate | None:
    """Issue (or renew) the person's certificate when the course's rule is met; else None.

    A person holds one certificate chain per course. A renewal needs a reason (expiring, expired, revoked,
    or a newer version that requires recertification) and new evidence (see `_new_evidence`), so old
    results never renew a certificate by themselves.
    """
    learning = learning or real_learning()
    course = learning.published_course(course_slug) if learning else None
    if course is None:
        return None
    info = course_facts(course, course_slug)
    facts = _gather(user, info, course, learning)
    if not evaluate(info.rule, facts).met:
        return None
    head = head_certificate(user.id, course_slug)
    if head is not None and not _renewal_due(head, info, facts, now):
        return None
    return _create(user, _snapshot(info, facts, now), now, replaces=head, actor=None, action="certificate.issued")


def _renewal_due(head: Certificate, info: CourseFacts, facts: Facts, now: datetime) -> bool:
    reason = head.revoked_at is not None or status_of(head, now) in (Status.EXPIRING, Status.EXPIRED)
    reason = reason or (info.recertify and info.version > head.course_version)
    return reason and _new_evidence(head, info, facts, now)


def _new_evidence(head: Certificate, info: CourseFacts, facts: Facts, now: datetime) -> bool:
    """Learning done since the head was issued: progress after the course was re-assigned (this call is
    that progress's event), a newer counted quiz attempt, or for a course without a quiz a newer version.
    """
    if head.reassigned_at is not None and now > head.reassigned_at:
        return True
    if info.rule.quiz:
        attempt = facts.quiz_attempt_id
        return attempt is not None and (head.quiz_attempt_id is None or attempt > head.quiz_attempt_id)
    return info.version > head.course_version


def _snapshot(info: CourseFacts, facts: Facts, now: datetime) -> dict:
    return {
        "course_slug": info.slug,
        "course_version_id": info.version_id,
        "course_version": info.version,
        "course_title_zh": info.title_zh,
        "course_title_en": info.title_en,
        "score": facts.quiz_percent,
        "quiz_attempt_id": facts.quiz_attempt_id,
        "expires_at": now.replace(microsecond=0) + timedelta(days=info.rule.validity_days),
    }


def _create(user: User, snapshot: dict, now: datetime, replaces, actor, action: str) -> Certificate | None:
    """Insert a sealed certificate as the person's new head, exactly once.

    Inside a savepoint: release the old head (only if it still is the head), take the next serial, insert.
    A concurrent request that got there first makes this fail on the unique head key (PostgreSQL waits for
    the other transaction, then raises); the savepoint is rolled back, serial included, and the winner's
    certificate is returned instead.
    """
    key = f"{user.id}:{snapshot['course_slug']}"
    try:
        with db.session.begin_nested():
            if replaces is not None:
                _release_head(replaces, key)
            cert = _new_certificate(user, snapshot, now, key, replaces)
            db.session.add(cert)
            db.session.flush()
    except (IntegrityError, _LostRace):
        return _fresh_head(user.id, snapshot["course_slug"])
    details = {"user": user.employee_no, "course": cert.course_slug, "version": cert.course_version}
    record(actor, action, f"certificate:{cert.serial}", details, now)
    return cert


class _LostRace(Exception):
    pass


def _fresh_head(user_id: int, course_slug: str) -> Certificate | None:
    """The head as the database has it now (the winner's), without expiring the caller's other objects."""
    stmt = select(Certificate).where(Certificate.head_key == f"{user_id}:{course_slug}")
    return db.session.scalars(stmt.execution_options(populate_existing=True)).first()


def _release_head(old: Certificate, key: str) -> None:
    stmt = (
        update(Certificate)
        .where(Certificate.id == old.id, Certificate.head_key == key)
        .values(head_key=None)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:
        raise _LostRace
    db.session.expire(old, ["head_key"])


def _new_certificate(user: User, snapshot: dict, now: datetime, key: str, replaces) -> Certificate:
    issued = now.replace(microsecond=0)
    year = to_local(issued, setting("DISPLAY_TIMEZONE", "Asia/Shanghai")).year
    number = next_serial_number(year)
    cert = Certificate(
        serial=format_serial(year, number),
        year=year,
        number=number,
        code=new_code(),
        user_id=user.id,
        employee_no=user.employee_no,
        holder_name=user.display_name,
        issued_at=issued,
        head_key=key,
        replaces_id=replaces.id if replaces is not None else None,
        replaces_serial=replaces.serial if replaces is not None else None,
        **snapshot,
    )
    cert.signature = seal(cert.sealed_fields(), seal_key())
    return cert


def next_serial_number(year: int) -> int:
    """The next number of the year's serial sequence, taken under the counter row's lock (gapless)."""
    bump = (
        update(SerialCounter)
        .where(SerialCounter.year == year)
        .values(last=SerialCounter.last + 1)
        .returning(SerialCounter.last)
        .execution_options(synchronize_session=False)
    )
    number = db.session.execute(bump).scalar()
    if number is not None:
        return number
    try:
        with db.session.begin_nested():
            db.session.add(SerialCounter(year=year, last=1))
            db.session.flush()
        return 1
    except IntegrityError:  # another request opened the year at the same moment
        return db.session.execute(bump).scalar_one()


def revoke(cert: Certificate, actor, reason: str, now: datetime) -> Certificate:
    """Revoke with a reason; the seal is renewed over the revocation so it cannot be quietly undone.

    Raises CertificateError if it is already revoked or the reason is empty.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_l("A reason is required."))
    if cert.revoked_at is not None:
        raise CertificateError(_l("This certificate is already revoked."))
    cert.revoked_at = now.replace(microsecond=0)
    cert.revoked_by_id = getattr(actor, "id", None)
    cert.revoke_reason = reason
    cert.signature = seal(cert.sealed_fields(), seal_key())
    db.session.flush()
    details = {"user": cert.employee_no, "course": cert.course_slug, "reason": reason}
    record(actor, "certificate.revoked", f"certificate:{cert.serial}", details, now)
    return cert


def reissue(cert: Certificate, actor, reason: str, now: datetime) -> Certificate:
    """Issue a replacement of the person's newest certificate: same course version, score and expiry,
    the holder's current name and number, a new serial and code. A certificate still in force is revoked
    first ("re-issued"). Raises CertificateError when it is not the newest of its chain.
    """
    if cert.head_key is None:
        raise CertificateError(_l("Only the newest certificate of a person for a course can be re-issued."))
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_l("A reason is required."))
    if cert.revoked_at is None:
        revoke(cert, actor, f"Re-issued: {reason}", now)
    snapshot = {
        name: getattr(cert, name)
        for name in (
            "course_slug",
            "course_version_id",
            "course_version",
            "course_title_zh",
            "course_title_en",
            "score",
            "quiz_attempt_id",
            "expires_at",
        )
    }
    new = _create(cert.user, snapshot, now, replaces=cert, actor=actor, action="certificate.reissued")
    if new is None or new.replaces_id != cert.id:
        raise CertificateError(_l("The certificate changed meanwhile; reload and try again."))
    return new


def intact(cert: Certificate) -> bool:
    """True when the row still matches its seal (no field edited outside the application), under the
    current signing secret or one of CERT_SIGNING_OLD_SECRETS."""
    fields = cert.sealed_fields()
    secrets = [signing_secret(), *current_app.config.get("CERT_SIGNING_OLD_SECRETS", ())]
    return any(seal_ok(fields, cert.signature, derive_key(secret, "certificates")) for secret in secrets)
