"""Public verification of a certificate by its code: the minimum a third party needs, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from elearn.certificates.models import Certificate
from elearn.certificates.services import intact, status_of
from elearn.certificates.signing import normalize_code
from elearn.certificates.status import Status
from elearn.core.masking import mask_name
from elearn.extensions import db

MALFORMED, UNKNOWN, TAMPERED, GENUINE = "malformed", "unknown", "tampered", "genuine"


@dataclass(frozen=True)
class Verification:
    """The answer for one code. Only a genuine certificate carries data; the name is masked."""

    outcome: str
    status: Status | None = None
    serial: str = ""
    holder: str = ""
    course_title_zh: str = ""
    course_title_en: str = ""
    course_version: int = 0
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def genuine(self) -> bool:
        return self.outcome == GENUINE

    def as_dict(self) -> dict:
        """Plain JSON-ready values (dates as ISO strings), for the CLI and the JSON status endpoint."""
        data = {"outcome": self.outcome}
        if self.genuine:
            data.update(
                status=str(self.status),
                serial=self.serial,
                holder=self.holder,
                course={"zh": self.course_title_zh, "en": self.course_title_en, "version": self.course_version},
                issued_at=_iso(self.issued_at),
                expires_at=_iso(self.expires_at),
                revoked_at=_iso(self.revoked_at),
            )
        return data


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value else None


def find_by_code(raw: str) -> Certificate | None:
    code = normalize_code(raw)
    if code is None:
        return None
    return db.session.scalars(select(Certificate).where(Certificate.code == code)).first()


def verify_code(raw: str, now: datetime) -> Verification:
    """Check a code as typed or scanned: malformed, unknown, tampered (seal broken) or genuine with status."""
    if normalize_code(raw) is None:
        return Verification(MALFORMED)
    cert = find_by_code(raw)
    if cert is None:
        return Verification(UNKNOWN)
    if not intact(cert):
        return Verification(TAMPERED)
    return Verification(
        GENUINE,
        status=status_of(cert, now),
        serial=cert.serial,
        holder=mask_name(cert.holder_name),
        course_title_zh=cert.course_title_zh,
        course_title_en=cert.course_title_en,
        course_version=cert.course_version,
        issued_at=cert.issued_at,
        expires_at=cert.expires_at,
        revoked_at=cert.revoked_at,
    )
