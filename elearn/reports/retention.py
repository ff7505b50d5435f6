"""Retention: generated files and uploaded HR files are personal data, so they are not kept forever.

Export files are dropped 7 days after they were made (the job row, with who asked for what, stays).
Uploaded HR files lose their bytes 30 days after upload (the batch row keeps the file's SHA-256 and the
change counts, which the audit log also holds).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from elearn.employees.models import ImportBatch
from elearn.extensions import db
from elearn.reports.models import ExportJob

EXPORT_DAYS = 7
UPLOAD_DAYS = 30


def purge(now: datetime) -> dict[str, int]:
    """Drop old export files and uploaded bytes; returns how many rows were emptied. Adds and flushes."""
    exports = db.session.execute(
        update(ExportJob).where(ExportJob.content.is_not(None),
                                ExportJob.created_at < now - timedelta(days=EXPORT_DAYS))
        .values(content=None, status="expired")).rowcount
    uploads = db.session.execute(
        update(ImportBatch).where(ImportBatch.data != b"", ImportBatch.uploaded_at < now - timedelta(days=UPLOAD_DAYS))
        .values(data=b"")).rowcount
    db.session.flush()
    return {"exports": exports, "uploads": uploads}
