"""Large HR imports run in the task queue: the apply is one transaction, done or not at all."""

from __future__ import annotations

from flask import current_app

from elearn.auth.models import User
from elearn.core.clock import now
from elearn.employees import assigning, services
from elearn.employees.models import ImportBatch
from elearn.extensions import db
from elearn.reports.tasks import background, report_progress


@background("employees.import")
def apply_batch(batch_id: int, actor_id: int | None) -> None:
    """Apply an uploaded file (all or nothing) and the assignment rules; the outcome is kept on the batch."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status not in ("queued", "previewed"):
        return
    batch.status = "running"
    db.session.commit()
    actor = db.session.get(User, actor_id) if actor_id else None
    moment = now()
    try:
        services.apply_import(batch.data, batch.filename, actor, moment, batch.deactivate_missing,
                              progress=lambda done, total: report_progress(f"import:{batch_id}", done, total))
        assigning.apply_rules(moment, actor=actor)
    except services.ImportRejected as exc:
        db.session.rollback()
        _fail(batch_id, f"{len(exc.plan.problems)} error(s): the file changed or the data moved since the preview")
        return
    except Exception as exc:  # noqa: BLE001 - shown to HR on the batch page; nothing was applied
        db.session.rollback()
        current_app.logger.exception("import batch %s failed", batch_id)
        _fail(batch_id, str(exc)[:2000])
        return
    batch.status, batch.applied_at = "applied", moment
    db.session.commit()


def _fail(batch_id: int, message: str) -> None:
    batch = db.session.get(ImportBatch, batch_id)
    batch.status, batch.error = "failed", message
    db.session.commit()
