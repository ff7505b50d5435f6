"""HR API clients, background export jobs and the record of reminders sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.jobs import BackgroundJob
from elearn.extensions import db


class ApiClient(db.Model):
    """An HR system allowed to read the API. Only the token's SHA-256 is stored; revoking is final."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_prefix: Mapped[str] = mapped_column(String(16), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ExportJob(BackgroundJob, db.Model):
    """A long export run by the task queue; the file is kept in the row so any app host can serve it."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # csv | xlsx | pdf
    params: Mapped[str] = mapped_column(Text, default="{}")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class ReminderSent(db.Model):
    """One reminder e-mail for one event; the unique key makes sending twice impossible."""

    __tablename__ = "reminders_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # due_soon | overdue | expiring
    course_slug: Mapped[str] = mapped_column(String(80))
    sent_at: Mapped[datetime]
