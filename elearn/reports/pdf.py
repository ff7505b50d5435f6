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


def matrix_pdf(header: list[str], body: list[list], flt, now: datetime, alarms: set[str] = frozenset()) -> bytes:
    """The compliance matrix as an A4 landscape table with a repeated header row."""
    from flask import current_app
    from flask_babel import gettext

    filters = ", ".join(f"{k}={v}" for k, v in flt.as_dict().items()) or gettext("none")
    filters_label, generated_label = gettext("Filters"), gettext("Generated")
    return render_pdf(
        "matrix.html", header=header, body=body, title=gettext("Compliance matrix"),
        organisation=current_app.config["ORGANISATION_NAME"],
        meta=f"{filters_label}: {filters} · {generated_label}: {now:%Y-%m-%d %H:%M} UTC",
        row_count=gettext("%(n)d employees", n=len(body)), alarms=alarms,
    )


def transcript_pdf(**values) -> bytes:
    """An employee's transcript (see templates/reports/pdf/transcript.html for the values)."""
    return render_pdf("transcript.html", **values)
