"""The one source of "now": naive UTC datetimes, as stored in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """Current time as a naive UTC datetime (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value: datetime, tz_name: str) -> datetime:
    """Convert a stored naive-UTC datetime to the display time zone."""
    return value.replace(tzinfo=UTC).astimezone(ZoneInfo(tz_name))


def local_today(moment: datetime, tz_name: str) -> date:
    """The calendar date at `moment` (naive UTC) in the display time zone."""
    return to_local(moment, tz_name).date()
