"""elearn: compliance training and certification for credit-card collection teams."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from elearn.config import DEV_SECRET, config_class, from_env

# Domain packages, in the order their blueprints, commands and translations are registered.
DOMAINS = ["main", "auth", "audit", "admin", "courses", "quizzes", "certificates", "employees", "reports", "scenarios"]


def create_app(config: str | None = None, instance_path: str | None = None, **overrides) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, CLI. No side effects beyond that."""
    app = Flask(
        __name__, instance_relative_config=True, static_folder=str(Path(__file__).parent.parent / "static"),
        instance_path=instance_path or os.environ.get("ELEARN_INSTANCE_PATH") or None,
    )
    configure(app, config, overrides)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    if app.config["PROXY_COUNT"]:  # behind nginx: per-client rate limits need the address it forwards
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])
    return app


def configure(app: Flask, config: str | None, overrides: dict) -> None:
    """Config class, then ELEARN_* environment variables, then explicit overrides."""
    cls = config_class(config)
    app.config.from_object(cls)
    app.config.update(from_env(os.environ))
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'elearn.db'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file database has no server connection to go stale, so the pre-ping would only add a
        # SELECT 1 to every request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
    dirs = [str(Path(__file__).parent / "translations")]
    dirs += [str(Path(__file__).parent / d / "translations") for d in DOMAINS]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(d for d in dirs if os.path.isdir(d))
    if cls.__name__ == "ProductionConfig" and app.config["SECRET_KEY"] in (None, "", DEV_SECRET):
        raise RuntimeError("production needs its own secret key: set ELEARN_SECRET_KEY")


def register_extensions(app: Flask) -> None:
    from elearn.core.i18n import request_locale
    from elearn.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=request_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    _configure_login(app, login_manager)
    _configure_sqlite(app, db)


def _configure_login(app: Flask, login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from elearn.auth.services import load_user

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def _configure_sqlite(app: Flask, db) -> None:
    """WAL mode and foreign keys for the embedded SQLite database."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()


def register_blueprints(app: Flask) -> None:
    for domain in DOMAINS:
        module = importlib.import_module(f"elearn.{domain}.routes")
        app.register_blueprint(module.bp)


def register_errorhandlers(app: Flask) -> None:
    from elearn.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from elearn.templating import register

    register(app)


def register_cli(app: Flask) -> None:
    for domain in DOMAINS + ["content", "demo"]:
        try:
            module = importlib.import_module(f"elearn.{domain}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"elearn.{domain}.cli":
                raise
            continue
        module.register(app)
