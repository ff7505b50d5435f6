"""Background work on Huey: long exports and the daily reminders.

Storage is chosen when the app is created: a SQLite file under instance/ (embedded default, one
host), Redis when ``ELEARN_REDIS_URL`` is set (several app hosts share one queue). Tests use
Huey's immediate mode unless they ask otherwise. Start a consumer with ``flask reports worker``
(``make run`` starts one next to the web server).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab

from elearn.core.clock import now
from elearn.extensions import db


def make_huey(app: Flask):
    """The Huey instance for this app's configuration."""
    if app.config.get("TASKS_IMMEDIATE", app.config.get("TESTING")):
        return MemoryHuey("elearn", immediate=True)
    if app.config.get("REDIS_URL"):
        return RedisHuey("elearn", url=app.config["REDIS_URL"])
    return SqliteHuey("elearn", filename=str(Path(app.instance_path) / "huey.db"))


_lock = threading.Lock()


def queue(app: Flask | None = None):
    """This app's Huey instance, created with its tasks on first use (web, CLI and worker alike)."""
    app = app or current_app._get_current_object()
    with _lock:
        if "huey" not in app.extensions:
            _init(app)
    return app.extensions["huey"]


def _init(app: Flask) -> None:
    """Create the queue and register the tasks; each task runs inside an app context."""
    huey = make_huey(app)

    @huey.task(name="reports.export")
    def export_task(job_id: int) -> None:
        with app.app_context():
            run_export_job(job_id)

    @huey.periodic_task(crontab(hour="1", minute="0"), name="reports.reminders")
    def reminders_task() -> None:
        with app.app_context():
            from elearn.reports.reminders import send_reminders

            send_reminders(now())

    app.extensions["huey"] = huey
    app.extensions["elearn_tasks"] = {"export": export_task, "reminders": reminders_task}


def enqueue_export(job_id: int) -> None:
    """Queue an export job (its row must be committed first: the worker reads it)."""
    queue()
    current_app.extensions["elearn_tasks"]["export"](job_id)


def run_export_job(job_id: int) -> None:
    """Build the file of one ExportJob, recording progress as it goes; failures are stored, not raised."""
    from elearn.auth.models import User
    from elearn.reports.exports import export_matrix
    from elearn.reports.models import ExportJob
    from elearn.reports.queries import MatrixFilter

    job = db.session.get(ExportJob, job_id)
    if job is None or job.status not in ("queued", "running"):
        return
    job.status = "running"
    db.session.commit()
    params = json.loads(job.params)

    def progress(done: int, total: int) -> None:
        job.progress, job.total = done, total
        db.session.commit()

    try:
        actor = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
        result = export_matrix(job.kind, MatrixFilter.from_mapping(params.get("filters", {})), actor, now(),
                               params.get("locale", "zh_CN"), progress=progress)
    except Exception as exc:  # noqa: BLE001 - the job shows the failure to the person who asked
        db.session.rollback()
        job = db.session.get(ExportJob, job_id)
        job.status, job.error, job.finished_at = "failed", str(exc)[:2000], now()
        db.session.commit()
        current_app.logger.exception("export job %s failed", job_id)
        return
    job.content, job.filename, job.total, job.progress = result.data, result.filename, result.rows, result.rows
    job.status, job.finished_at = "done", now()
    db.session.commit()
