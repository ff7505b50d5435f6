"""Error pages in the site's style (HTML) or JSON for API clients; never a stack trace."""

from __future__ import annotations

from flask import abort, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException

from elearn.extensions import db, login_manager


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(code: int, description: str | None = None):
    if _wants_json():
        return jsonify({"error": code, "description": description or ""}), code
    return render_template("errors/error.html", code=code, description=description), code


def refuse_nul_bytes():
    """No text field of ours may contain NUL: database drivers refuse it, so it is refused here, as bad input."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, _("The request contains a NUL character (in %(field)s).", field=key.replace("\x00", "")))


def register(app) -> None:
    app.before_request(refuse_nul_bytes)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _render(exc.code or 500, exc.description if exc.code == 400 else None)

    @app.errorhandler(OperationalError)
    def database_unavailable(exc: OperationalError):
        app.logger.error("database error: %s", exc)
        db.session.rollback()
        g._login_user = login_manager.anonymous_user()  # the error page must not ask the database who this is
        return _render(503)

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def value_out_of_range(exc: Exception):
        """A value the database cannot hold (a 30-digit id in a filter): the request was bad, not the server."""
        app.logger.warning("value refused by the database: %s", exc)
        db.session.rollback()
        return _render(400, _("A value in the request is out of range."))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        return _render(500)
