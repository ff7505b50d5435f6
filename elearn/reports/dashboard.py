"""The HR dashboard: headline figures and server-drawn SVG charts, from a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import select

from elearn.certificates.models import Certificate
from elearn.core.i18n import localized
from elearn.extensions import db
from elearn.reports import charts, learning
from elearn.reports.queries import MatrixFilter, course_titles, iter_matrix
from elearn.reports.status import DONE

GROUPS = {"done": DONE, "open": {"not_started", "in_progress"}, "late": {"overdue", "expired"}}


@dataclass
class Dashboard:
    figures: dict
    by_department: Markup
    by_course: Markup
    pass_rate: Markup
    scores: Markup
    expiring: Markup
    violations: Markup


def _group(status: str) -> str:
    return next(name for name, members in GROUPS.items() if status in members)


def _department_chart(rows) -> Markup:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        dept = " / ".join(row.department.split(" / ")[:2]) or gettext("No department")
        for cell in row.cells.values():
            counts[dept][_group(cell.status)] += 1
    segments = [charts.Segment("done", gettext("Done"), "success"),
                charts.Segment("open", gettext("Not yet done"), "info"),
                charts.Segment("late", gettext("Overdue or expired"), "danger")]
    data = sorted(counts.items())
    return Markup(charts.stacked_bar_chart(data, segments, gettext("Completion and overdue by department"),
                                           "chart-dept", empty_text=gettext("No data yet")))


def _course_chart(rows, titles) -> Markup:
    done, total = Counter(), Counter()
    for row in rows:
        for slug, cell in row.cells.items():
            total[slug] += 1
            done[slug] += cell.status in DONE
    items = [(localized(titles.get(s, {})) or s, round(100 * done[s] / total[s], 1)) for s in sorted(total)]
    return Markup(charts.bar_chart(items, gettext("Completion rate by course"), "chart-course", max_value=100,
                                   unit="%", colour="primary", empty_text=gettext("No data yet")))


def _quiz_charts(titles) -> tuple[Markup, Markup]:
    stats = learning.quiz_stats_by_course()
    names = [localized(titles.get(slug, {})) or slug for slug, *_ in stats]
    rate = charts.bar_chart([(n, round(r, 1)) for n, (_, _, r, _) in zip(names, stats, strict=True)],
                            gettext("Quiz pass rate by course"), "chart-pass", max_value=100, unit="%",
                            colour="success", empty_text=gettext("No data yet"))
    score = charts.bar_chart([(n, round(a, 1)) for n, (_, _, _, a) in zip(names, stats, strict=True)],
                             gettext("Average quiz score by course"), "chart-score", max_value=100,
                             colour="primary", empty_text=gettext("No data yet"))
    return Markup(rate), Markup(score)


def _violations_chart() -> Markup:
    return Markup(charts.bar_chart(learning.violations_by_rule(), gettext("Scenario violations by rule"),
                                   "chart-violations", colour="danger", empty_text=gettext("No data yet")))


def _expiry_chart(now: datetime) -> Markup:
    horizon = now + timedelta(days=365)
    dates = db.session.scalars(
        select(Certificate.expires_at).where(Certificate.head_key.is_not(None), Certificate.revoked_at.is_(None),
                                             Certificate.expires_at > now, Certificate.expires_at <= horizon))
    months = Counter(d.strftime("%Y-%m") for d in dates)
    labels, year, month = [], now.year, now.month
    for _ in range(12):
        labels.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    items = [(label[2:], months.get(label, 0)) for label in labels]
    return Markup(charts.column_chart(items, gettext("Certificates expiring per month"), "chart-expiry"))


def cached(now: datetime, locale: str) -> Dashboard:
    """The dashboard, rebuilt at most every DASHBOARD_CACHE_SECONDS (60) per app process and language.

    It summarises every cell of the matrix (1-2 s at 10,000 employees), and a minute-old summary is
    what a manager needs; the matrix itself is always live.
    """
    store = current_app.extensions.setdefault("reports_dashboard", {})
    ttl = timedelta(seconds=current_app.config.get("DASHBOARD_CACHE_SECONDS", 60))
    hit = store.get(locale)
    if hit is None or now - hit[0] >= ttl or now < hit[0]:
        hit = store[locale] = (now, charts_for(now))
    return hit[1]


def charts_for(now: datetime) -> Dashboard:
    """Build every chart and headline figure for ``now``."""
    rows = iter_matrix(MatrixFilter(), now)
    titles = course_titles()
    cells = [c for r in rows for c in r.cells.values()]
    statuses = Counter(c.status for c in cells)
    compliant = sum(1 for r in rows if r.cells and all(c.status in DONE for c in r.cells.values()))
    figures = {
        "employees": len(rows),
        "compliant_percent": round(100 * compliant / len(rows)) if rows else 0,
        "overdue": statuses["overdue"],
        "expiring": statuses["expiring"],
    }
    pass_rate, scores = _quiz_charts(titles)
    return Dashboard(figures, _department_chart(rows), _course_chart(rows, titles), pass_rate, scores,
                     _expiry_chart(now), _violations_chart())

