"""What every background job row has: status, progress and the finished file, kept in the row so that any app
host can serve it. Domains add their own columns (what to build, who asked for it)."""

from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from elearn.extensions import db


class BackgroundJob:
    """Declarative mixin for a job row run by the task queue."""

    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued | running | done | failed
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    filename: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def percent(self) -> int:
        return job_percent(self.status == "done", self.progress, self.total)


def job_percent(done: bool, progress: int, total: int) -> int:
    """Progress for a job's bar: 100 only when done, so a bar never shows full while work remains."""
    if done:
        return 100
    return min(99, 100 * progress // total) if total else 0


def own_job(model, job_id: int, user):
    """The job if `user` asked for it (admins see every job); 404 otherwise, so ids reveal nothing."""
    job = db.get_or_404(model, job_id)
    if job.requested_by_id != user.id and not user.has_role("admin"):
        abort(404)
    return job
