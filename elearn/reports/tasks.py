"""Background work on Huey: long exports and the daily reminders.

Storage is chosen when the app is created: a SQLite file under instance/ (embedded default, one
host), Redis when ``ELEARN_REDIS_URL`` is set (several app hosts share one queue). Tests use
Huey's immediate mode unless they ask otherwise. Start a consumer with ``flask reports worker``
(``make run`` starts one next to the web server).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
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
_REGISTRY: dict[str, Callable] = {}


def background(name: str):
    """Register ``fn(*args)`` as a queue task named ``name``; it runs inside an app context.

    Any domain can use it (exports, large imports, bulk certificate ZIPs):
    ``@background("certificates.zip")`` on a function, then ``enqueue("certificates.zip", job_id)``.
    """

    def decorator(fn: Callable) -> Callable:
        _REGISTRY[name] = fn
        return fn

    return decorator


def enqueue(name: str, *args) -> None:
    """Queue a registered task (commit the rows it reads first: the worker is another process)."""
    queue()
    current_app.extensions["elearn_tasks"][name](*args)


def _register(app: Flask, huey, name: str, fn: Callable) -> None:
    def run(*args):
        with app.app_context():
            fn(*args)

    run.__name__ = name.replace(".", "_")
    app.extensions["elearn_tasks"][name] = huey.task(name=name)(run)


def queue(app: Flask | None = None):
    """This app's Huey instance, created with its tasks on first use (web, CLI and worker alike)."""
    app = app or current_app._get_current_object()
    with _lock:
        if "huey" not in app.extensions:
            _init(app)
        tasks = app.extensions["elearn_tasks"]
        for name in _REGISTRY.keys() - tasks.keys():  # modules imported after the queue was created
            _register(app, app.extensions["huey"], name, _REGISTRY[name])
    return app.extensions["huey"]


def _init(app: Flask) -> None:
    """Create the queue and register the tasks; each task runs inside an app context."""
    huey = make_huey(app)
    app.extensions["huey"] = huey
    app.extensions.setdefault("elearn_tasks", {})

    @huey.periodic_task(crontab(hour="1", minute="0"), name="reports.reminders")
    def reminders_task() -> None:
        with app.app_context():
            from elearn.reports.reminders import send_reminders

            send_reminders(now())

    @huey.periodic_task(crontab(hour="3", minute="0"), name="reports.purge")
    def purge_task() -> None:
        with app.app_context():
            from elearn.reports.retention import purge

            purge(now())
            db.session.commit()

    app.extensions["elearn_tasks"]["reports.reminders"] = reminders_task
    app.extensions["elearn_tasks"]["reports.purge"] = purge_task


def report_progress(key: str, done: int, total: int) -> None:
    """Publish a task's progress in the queue's own storage (SQLite file or Redis), not the database.

    A task that writes in one long transaction (a large import) cannot commit its progress
    there; the web reads it back with :func:`read_progress` from any app host.
    """
    queue().put(f"progress:{key}", (int(done), int(total)))


def read_progress(key: str) -> tuple[int, int] | None:
    """(done, total) last published for ``key``, or None."""
    value = queue().get(f"progress:{key}", peek=True)
    return tuple(value) if value else None


def enqueue_export(job_id: int) -> None:
    """Queue an export job (its row must be committed first: the worker reads it)."""
    enqueue("reports.export", job_id)


@background("reports.export")
def run_export_job(job_id: int) -> None:
    """Build the file of one ExportJob, recording progress as it goes; failures are stored, not raised."""
    from elearn.auth.models import User
    from elearn.reports.exports import export_matrix, pdf_limit
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
                               params.get("locale", "zh_CN"), progress=progress, pdf_limit=pdf_limit())
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
