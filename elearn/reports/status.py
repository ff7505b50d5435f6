"""Pure core: the compliance status of one employee on one required course.

The matrix, the exports, the API and the reminders all call :func:`status_of`, so a cell means
the same thing everywhere. No Flask and no SQLAlchemy here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple


def N_(message: str) -> str:
    """Mark a message for translation (pybabel extracts N_)."""
    return message


# In the order a manager reads them, worst last; also the sort order of the matrix.
STATUSES = ("certified", "expiring", "completed", "in_progress", "not_started", "expired", "overdue")
LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "certified": N_("Certified"),
    "expiring": N_("Expiring"),
    "expired": N_("Expired"),
    "overdue": N_("Overdue"),
}
# Bootstrap contextual colours for badges and chart bars.
COLOURS = {
    "not_started": "secondary",
    "in_progress": "info",
    "completed": "primary",
    "certified": "success",
    "expiring": "warning",
    "expired": "danger",
    "overdue": "danger",
}
DONE = frozenset({"certified", "expiring", "completed"})


class Facts(NamedTuple):
    """What we know about one (employee, course): dates are naive UTC.

    ``cert_expires_at`` is the latest certificate that is not revoked (None: no certificate);
    ``cert_issued`` distinguishes a certificate without expiry from none at all.
    A NamedTuple, not a dataclass: the matrix builds 120,000 of them per export.
    """

    due_at: datetime | None = None
    started: bool = False
    completed: bool = False
    cert_issued: bool = False
    cert_expires_at: datetime | None = None


def status_of(facts: Facts, now: datetime, expiring_days: int = 30) -> str:
    """Return one of STATUSES.

    A current certificate wins (certified, or expiring inside the window); past the due date
    anything not done is overdue; a lapsed certificate is expired until the work is redone.
    """
    if facts.cert_issued and (facts.cert_expires_at is None or facts.cert_expires_at > now):
        if facts.cert_expires_at is not None and facts.cert_expires_at - now <= timedelta(days=expiring_days):
            return "expiring"
        return "certified"
    if facts.due_at is not None and now > facts.due_at and not facts.completed:
        return "overdue"
    if facts.cert_issued:
        return "expired"
    if facts.completed:
        return "completed"
    return "in_progress" if facts.started else "not_started"


def is_done(status: str) -> bool:
    return status in DONE


def due_window(status: str, due_at: datetime | None, now: datetime, days: int) -> bool:
    """True when work not yet done falls due within ``days`` (the matrix's "due soon" filter)."""
    if due_at is None or is_done(status):
        return False
    return now <= due_at <= now + timedelta(days=days)
