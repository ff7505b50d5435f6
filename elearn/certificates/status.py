"""Certificate status at a moment in time (pure): valid, expiring soon, expired or revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class CertStatus:
    """What other domains (reports, employees) need to know about a person's certificate for a course."""

    status: Status
    serial: str
    code: str
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    course_version: int
    certificate_id: int

    @property
    def current(self) -> bool:
        """Valid or expiring soon: the person is certified right now."""
        return self.status in (Status.VALID, Status.EXPIRING)


def status_at(expires_at: datetime, revoked_at: datetime | None, now: datetime, window_days: int) -> Status:
    """Revoked wins; then expired (at or after the expiry instant); then expiring within the window."""
    if revoked_at is not None:
        return Status.REVOKED
    if now >= expires_at:
        return Status.EXPIRED
    if now >= expires_at - timedelta(days=window_days):
        return Status.EXPIRING
    return Status.VALID
