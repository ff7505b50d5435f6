"""The bulk ZIP as a background job, on the same Huey queue as the HR exports (elearn.reports.tasks)."""

from __future__ import annotations

from flask import Flask, current_app

from elearn.audit.services import record
from elearn.certificates import documents, lifecycle, queries
from elearn.certificates.models import BundleJob
from elearn.core.clock import now
from elearn.extensions import db


def register(app: Flask) -> None:
    """Add the bundle task and the daily expiry sweep to the app's queue (web processes and the worker)."""
    from huey import crontab

    from elearn.reports.tasks import queue

    huey = queue(app)

    @huey.task(name="certificates.bundle")
    def bundle_task(job_id: int) -> None:
        with app.app_context():
            run_bundle_job(job_id)

    @huey.periodic_task(crontab(hour="2", minute="30"), name="certificates.sweep")
    def sweep_task() -> None:
        with app.app_context():
            lifecycle.sweep(now())
            db.session.commit()

    tasks = app.extensions.setdefault("elearn_tasks", {})
    tasks["certificates.bundle"], tasks["certificates.sweep"] = bundle_task, sweep_task


def enqueue_bundle(job_id: int) -> None:
    """Queue a bundle job (its row must be committed first: the worker reads it)."""
    current_app.extensions["elearn_tasks"]["certificates.bundle"](job_id)


def run_bundle_job(job_id: int) -> None:
    """Build the ZIP of one BundleJob, committing progress after each PDF; failures are stored, not raised."""
    job = db.session.get(BundleJob, job_id)
    if job is None or job.status not in ("queued", "running"):
        return
    certs = queries.for_bundle(job.department_id, job.course_slug)
    job.status, job.total = "running", len(certs)
    db.session.commit()

    def progress(done: int) -> None:
        job.progress = done
        db.session.commit()

    moment = now()
    try:
        data = documents.bundle(certs, moment, progress=progress)
    except Exception as exc:  # noqa: BLE001 - the job page shows the failure to the person who asked
        db.session.rollback()
        job = db.session.get(BundleJob, job_id)
        job.status, job.error, job.finished_at = "failed", str(exc)[:2000], now()
        db.session.commit()
        current_app.logger.exception("certificate bundle %s failed", job_id)
        return
    job.content, job.filename = data, f"certificates-{moment:%Y%m%d-%H%M}-{job.id}.zip"
    job.status, job.finished_at = "done", now()
    filters = {"department": job.department_id, "course": job.course_slug, "count": len(certs), "job": job.id}
    record(
        job.requested_by_id and _user(job.requested_by_id), "certificate.bulk_download", "certificates", filters, moment
    )
    db.session.commit()


def _user(user_id: int):
    from elearn.auth.models import User

    return db.session.get(User, user_id)
