"""The audit log viewer for admin and HR: filters, newest first, and an on-demand chain check.

Attached to the audit blueprint by ``register_views(bp)`` in routes.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from elearn.audit import services
from elearn.audit.models import AuditEntry
from elearn.auth.permissions import role_required
from elearn.core.clock import now
from elearn.extensions import db

PER_PAGE = 50


class VerifyForm(FlaskForm):
    """Only the CSRF token: the check is a POST because it is recorded in the log."""


def _day(value: str | None) -> datetime | None:
    """Local midnight of a YYYY-MM-DD date (the display time zone), as the stored naive UTC."""
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None
    if day is None:
        return None
    local = datetime.combine(day, time(), tzinfo=ZoneInfo(current_app.config["DISPLAY_TIMEZONE"]))
    return local.astimezone(UTC).replace(tzinfo=None)


def filtered_query(args) -> select:
    """Entries matching the viewer's filters (actor, action, target, date range), newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if args.get("actor"):
        query = query.where(AuditEntry.actor_name.ilike(f"%{args['actor'][:50]}%"))
    if args.get("action"):
        query = query.where(AuditEntry.action == args["action"])
    if args.get("target"):
        query = query.where(AuditEntry.target.ilike(f"%{args['target'][:100]}%"))
    if (start := _day(args.get("since"))) is not None:
        query = query.where(AuditEntry.at >= start)
    if (end := _day(args.get("until"))) is not None:
        query = query.where(AuditEntry.at < end + timedelta(days=1))
    return query


@role_required("hr")
def log():
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    page = db.paginate(filtered_query(args), page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    rows = [(e, _pretty(e.details)) for e in page.items]
    return render_template("audit/log.html", page=page, rows=rows, actions=actions, args=args, form=VerifyForm())


def _pretty(details: str) -> str:
    try:
        data = json.loads(details)
    except ValueError:
        return details
    return ", ".join(f"{k}: {v}" for k, v in data.items()) if isinstance(data, dict) else details


@role_required("hr")
def verify():
    if not VerifyForm().validate_on_submit():
        return redirect(url_for("audit.log"))
    breaks = services.verify()
    services.record(current_user, "audit.verify", "audit_log", {"breaks": len(breaks)}, now())
    db.session.commit()
    if breaks:
        ids = ", ".join(str(b.entry_id) for b in breaks[:20])
        flash(_("The audit log has been tampered with: check entries %(ids)s.", ids=ids), "danger")
    else:
        flash(_("The audit log is intact: every entry follows from the one before."), "success")
    return redirect(url_for("audit.log"))


def register_views(bp) -> None:
    bp.add_url_rule("/", "log", log)
    bp.add_url_rule("/verify", "verify", verify, methods=["POST"])
