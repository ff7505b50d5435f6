"""Home, health check and language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from elearn.auth.routes import safe_next
from elearn.core.clock import now
from elearn.extensions import db
from elearn.main.registry import widgets_for

bp = Blueprint("main", __name__, template_folder="templates")


@bp.get("/")
@login_required
def home():
    moment = now()
    widgets = [(w.template, w.context(current_user, moment) if w.context else {}) for w in widgets_for(current_user)]
    return render_template("main/home.html", widgets=widgets)


@bp.get("/healthz")
def healthz():
    """Liveness and database status as JSON; 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any database failure is reported, not raised
        current_app.logger.warning("healthz: database unavailable: %s", exc)
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    body = {"status": "ok" if status == 200 else "degraded", "database": database,
            "dialect": db.engine.dialect.name}
    return jsonify(body), status


@bp.post("/lang/<code>")
def set_language(code: str):
    """Remember a language choice for this browser session (signed-in users save it in their account)."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next") or url_for("main.home")))
