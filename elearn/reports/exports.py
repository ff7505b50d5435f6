"""Exports of the compliance matrix: CSV (BOM), XLSX (frozen, filterable header) and PDF.

``export_matrix`` is used by the web (small exports directly, large ones through the task queue)
and by ``flask report export``; it writes the audit entry (who, what, filters, when) itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, gettext

from elearn.audit.services import record
from elearn.core.clock import local_today
from elearn.core.i18n import localized
from elearn.reports import writers
from elearn.reports.queries import MatrixFilter, MatrixRow, course_titles, iter_matrix
from elearn.reports.status import LABELS

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


class TooManyRows(ValueError):
    """A PDF of more rows than the web allows (WeasyPrint lays out ~80 rows a second)."""


def too_many_rows(limit: int) -> str:
    """Why a matrix PDF is refused, and what to do instead."""
    return gettext("The PDF is made for at most %(n)d employees: choose a department or narrow the filters "
                   "(CSV and XLSX hold everyone).", n=limit)


def pdf_limit() -> int:
    """Largest matrix PDF the web offers (``REPORT_PDF_MAX_ROWS``, 2,000 by default: about 30 s of work)."""
    return int(current_app.config.get("REPORT_PDF_MAX_ROWS", 2000))


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    filename: str
    mimetype: str
    rows: int


def matrix_table(rows: list[MatrixRow], slugs: list[str], lang: str,
                 with_due: bool = True) -> tuple[list[str], list[list]]:
    """Header and rows: one status column per course, followed by its due date when ``with_due``."""
    titles = course_titles(slugs)
    due_label = gettext("Due date")
    header = [gettext("Employee no."), gettext("Name"), gettext("Department"), gettext("Position")]
    for slug in slugs:
        title = localized(titles.get(slug, {}), lang) or slug
        header += [title, f"{title} · {due_label}"] if with_due else [title]
    labels = {key: gettext(value) for key, value in LABELS.items()}
    tz = current_app.config["DISPLAY_TIMEZONE"]  # a due date is the day it ends there, as on the pages
    body = []
    for row in rows:
        line = [row.employee_no, row.name, row.department, row.position]
        for slug in slugs:
            cell = row.cells.get(slug)
            status = labels[cell.status] if cell else ""
            if with_due:
                line += [status, local_today(cell.due_at, tz) if cell and cell.due_at else None]
            else:
                line.append(status)
        body.append(line)
    return header, body


def export_matrix(fmt: str, flt: MatrixFilter, actor, now: datetime, locale: str = "zh_CN",
                  progress=None, pdf_limit: int | None = None) -> ExportResult:
    """Build the export in ``fmt`` (csv, xlsx, pdf) and record it in the audit log.

    Raises KeyError for an unknown format, TooManyRows for a PDF of more than ``pdf_limit`` rows.
    ``progress(rows done, total)`` reports XLSX and PDF progress.
    """
    mimetype, ext = FORMATS[fmt]
    with force_locale(locale):
        rows = iter_matrix(flt, now)
        slugs = sorted({slug for row in rows for slug in row.cells}) if not flt.course else [flt.course]
        lang = "en" if locale.startswith("en") else "zh"
        header, body = matrix_table(rows, slugs, lang, with_due=fmt != "pdf")  # PDF: one column per course
        if fmt == "csv":
            data = writers.write_csv(header, body)
        elif fmt == "xlsx":
            total = len(body)
            data = writers.write_xlsx(header, body, gettext("Compliance matrix"),
                                      progress=(lambda n: progress(n, total)) if progress else None)
        else:
            from elearn.reports.pdf import matrix_pdf

            if pdf_limit is not None and len(body) > pdf_limit:
                raise TooManyRows(too_many_rows(pdf_limit))
            data = matrix_pdf(header, body, flt, now, alarms={gettext(LABELS["overdue"]), gettext(LABELS["expired"])},
                              progress=progress)
    stamp = now.strftime("%Y%m%d-%H%M")
    record(actor, "reports.export", "matrix", {"format": fmt, "filters": flt.as_dict(), "rows": len(body)}, now)
    return ExportResult(data, f"compliance-matrix-{stamp}.{ext}", mimetype, len(body))
