"""Shared fixtures: an app on a database built by running the migrations, clients, factories, a browser.

SQLite (default): the migrations run once per session into a template file, copied for every test.
PostgreSQL (TEST_DATABASE_URL set, as in CI): the migrations run once into that database, and every table is
emptied after each test.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from elearn import create_app
from elearn.config import normalise_database_url
from elearn.core.clock import now
from elearn.extensions import db

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
def _worker_database(url: str | None) -> str | None:
    """Under pytest-xdist each worker gets its own PostgreSQL database (<name>_gw0, ...), created on demand."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(normalise_database_url(url))
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


PG_URL = _worker_database(os.environ.get("TEST_DATABASE_URL"))
TEST_PASSWORD = "test-password-1"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests need TEST_DATABASE_URL; `sqlite_only` tests run only on the embedded database."""
    for item in items:
        if "postgres_only" in item.keywords and not PG_URL:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (TEST_DATABASE_URL)"))
        if "sqlite_only" in item.keywords and PG_URL:
            item.add_marker(pytest.mark.skip(reason="embedded SQLite only"))


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the catalogs whose .po is newer than its .mo, so a bare `pytest` sees current translations."""
    import subprocess
    import sys

    stale = [po for po in (ROOT / "elearn").rglob("messages.po")
             if not po.with_suffix(".mo").exists() or po.stat().st_mtime > po.with_suffix(".mo").stat().st_mtime]
    if stale:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "compile"], check=True)


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """The migrated database every test starts from: a SQLite file, or the PostgreSQL URL."""
    if PG_URL:
        url = normalise_database_url(PG_URL)
        app = create_app("testing", instance_path=str(tmp_path_factory.mktemp("inst")), SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.engine.dispose()
        _upgrade(app)
        return url
    path = tmp_path_factory.mktemp("db") / "template.db"
    app = create_app("testing", instance_path=str(path.parent), SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    _upgrade(app)
    with app.app_context():
        db.engine.dispose()
    return path


def _empty_postgres(url: str) -> None:
    """Empty every table of the test database after a test (the schema stays, built once by the migrations)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        tables = list(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'")).scalars())
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_factory(database_template, tmp_path):
    """Build an app on this test's database; keyword arguments override configuration."""
    created = []
    if PG_URL:
        url = database_template
    else:
        db_file = tmp_path / "test.db"
        shutil.copyfile(database_template, db_file)
        url = f"sqlite:///{db_file}"

    def factory(**overrides):
        settings = {"SQLALCHEMY_DATABASE_URI": url, "CONTENT_ROOT": str(FIXTURE_CONTENT)}
        settings.update(overrides)
        instance = tmp_path / "instance"
        instance.mkdir(exist_ok=True)
        application = create_app("testing", instance_path=str(instance), **settings)
        application.test_client_class = IsolatedClient
        created.append(application)
        return application

    yield factory
    for application in created:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    if PG_URL and created:
        _empty_postgres(database_template)


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context (fresh `g`, own database session), as in production;
    afterwards the test's session is expired so that objects the test holds show what the request wrote."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture
def app(app_factory):
    """The test app with an app context pushed for the test body (services, queries, factories)."""
    application = app_factory()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create (and commit) a user: make_user(role="hr", display_name="赵敏", ...)."""
    from elearn.auth import services

    counter = {"n": 0}

    def factory(role: str = "learner", **fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("username", f"{role}{n}")
        fields.setdefault("display_name", f"测试用户{n}")
        fields.setdefault("employee_no", f"T{n:05d}{role[:1].upper()}")
        fields.setdefault("hire_date", date(2026, 1, 5))
        fields.setdefault("password", TEST_PASSWORD)
        user = services.create_user(role=role, now=now(), **fields)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login(client):
    """Sign a user in through the real login form: login(user) or login(user, client=other_client)."""

    def do_login(user, password: str = TEST_PASSWORD, client=client):
        response = client.post("/auth/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, f"login failed for {user.username}: {response.status_code}"
        return response

    return do_login


class LiveServer:
    def __init__(self, app):
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app):
    """The test app served over HTTP on a free localhost port, for the browser."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page (own cookies); console errors and failed requests are collected on page.problems."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(f"console: {msg.text}"))
    yield pg
    context.close()
