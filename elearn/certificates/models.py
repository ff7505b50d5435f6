"""Certificates and the per-year serial counter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.auth.models import User
from elearn.core.jobs import BackgroundJob
from elearn.extensions import db


class SerialCounter(db.Model):
    """The last serial number used in a year; incremented in the issuing transaction, so gapless."""

    __tablename__ = "certificate_serials"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class Certificate(db.Model):
    """A certificate as issued: a sealed snapshot of who earned what, on which course version, when.

    `head_key` ("<user id>:<course slug>") is set on the newest certificate of a person for a course only;
    its unique constraint is what makes issuing twice impossible, even from concurrent requests.
    """

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_certificates_year_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    number: Mapped[int]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    employee_no: Mapped[str] = mapped_column(String(32))
    holder_name: Mapped[str] = mapped_column(String(100))
    course_slug: Mapped[str] = mapped_column(String(80), index=True)
    course_version_id: Mapped[int | None] = mapped_column(ForeignKey("course_versions.id"), index=True)
    course_version: Mapped[int]
    course_title_zh: Mapped[str] = mapped_column(String(200))
    course_title_en: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None]
    quiz_attempt_id: Mapped[int | None]
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    replaces_serial: Mapped[str | None] = mapped_column(String(32))
    head_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    reassigned_at: Mapped[datetime | None]
    signature: Mapped[str] = mapped_column(String(80))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    replaces: Mapped[Certificate | None] = relationship(remote_side=[id], foreign_keys=[replaces_id])

    def sealed_fields(self) -> dict:
        """The values the HMAC seal covers (see signing.SEALED_FIELDS)."""
        from elearn.certificates.signing import SEALED_FIELDS

        return {name: getattr(self, name) for name in SEALED_FIELDS}

    def __repr__(self) -> str:
        return f"<Certificate {self.serial}>"


class BundleJob(BackgroundJob, db.Model):
    """A bulk ZIP of certificates built by the task queue; the file stays in the row so any host serves it."""

    __tablename__ = "certificate_bundles"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    department_id: Mapped[int | None]
    course_slug: Mapped[str | None] = mapped_column(String(80))
