"""The WeasyPrint boundary for reports: plain values in, PDF bytes out, nothing fetched.

Report PDFs need no images or external files, so the URL fetcher refuses every URL: a hostile
value in a name can never make the renderer read a local file or reach the network.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).parent
_env = Environment(
    loader=FileSystemLoader(HERE / "templates" / "reports" / "pdf"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_lock = threading.Lock()  # Pango/fontconfig: one render at a time per process


def refuse_fetch(url: str, *args, **kwargs):
    """URL fetcher that fetches nothing."""
    raise ValueError(f"refused to fetch {url!r}")


def render_pdf(template: str, **values) -> bytes:
    """Render a report template (plain values only) to PDF bytes."""
    from weasyprint import HTML  # late: loading Pango costs time most commands never need

    html = _env.get_template(template).render(**values)
    with _lock:
        return HTML(string=html, url_fetcher=refuse_fetch, base_url=str(HERE)).write_pdf()


CHUNK_ROWS = 250  # rows per rendered piece: progress moves every piece


def matrix_pdf(header: list[str], body: list[list], flt, now: datetime, alarms: set[str] = frozenset(),
               progress=None) -> bytes:
    """The compliance matrix, A4 landscape: one table per department, each starting on a new page.

    Departments are rendered in pieces of at most CHUNK_ROWS rows (header repeated on every
    page) and the pages joined, so ``progress(rows done, total)`` moves as the work is done; page
    numbers run on across pieces.
    """
    from flask import current_app
    from flask_babel import gettext
    from weasyprint import HTML

    filters = ", ".join(f"{k}={v}" for k, v in flt.as_dict().items()) or gettext("none")
    values = {
        "header": header, "title": gettext("Compliance matrix"), "alarms": alarms,
        "organisation": current_app.config["ORGANISATION_NAME"],
        "meta": f"{gettext('Filters')}: {filters} · {gettext('Generated')}: {now:%Y-%m-%d %H:%M} UTC",
        "row_count": gettext("%(n)d employees", n=len(body)),
    }
    template = _env.get_template("matrix.html")
    documents, done, first_page = [], 0, 1
    with _lock:
        for section, rows, continued in _pieces(body, gettext("No department"), gettext("continued")):
            html = template.render(body=rows, section=section, continued=continued, first_page=first_page,
                                   intro=not documents, **values)
            document = HTML(string=html, url_fetcher=refuse_fetch, base_url=str(HERE)).render()
            documents.append(document)
            first_page += len(document.pages)
            done += len(rows)
            if progress:
                progress(done, len(body))
        pages = [page for document in documents for page in document.pages]
        return documents[0].copy(pages).write_pdf()


def _pieces(body: list[list], no_department: str, continued: str):
    """(department, rows, continued label) pieces: departments in name order, the matrix order within."""
    groups: dict[str, list[list]] = {}
    for row in body:
        groups.setdefault(row[2] or "", []).append(row)
    if not groups:
        yield no_department, [], ""
    for name in sorted(groups):
        rows = groups[name]
        for start in range(0, len(rows), CHUNK_ROWS):
            yield name or no_department, rows[start:start + CHUNK_ROWS], continued if start else ""


def transcript_pdf(**values) -> bytes:
    """An employee's transcript (see templates/reports/pdf/transcript.html for the values)."""
    return render_pdf("transcript.html", **values)
