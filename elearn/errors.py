"""Error pages in the site's style (HTML) or JSON for API clients; never a stack trace."""

from __future__ import annotations

from flask import g, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from elearn.extensions import db, login_manager


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(code: int, description: str | None = None):
    if _wants_json():
        return jsonify({"error": code, "description": description or ""}), code
    return render_template("errors/error.html", code=code, description=description), code


def register(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _render(exc.code or 500, exc.description if exc.code == 400 else None)

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError):
        app.logger.error("database error: %s", exc)
        db.session.rollback()
        g._login_user = login_manager.anonymous_user()  # the error page must not ask the database who this is
        return _render(503)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        return _render(500)
