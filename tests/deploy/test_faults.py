"""The database goes away while the site is up: every page answers a clear 503 page (no stack trace), /healthz
reports it, and the site recovers by itself when the database returns.

PostgreSQL: the app talks to the server through a small TCP relay that the test cuts (dropping every open
connection and refusing new ones) and then restores. SQLite: the folder holding the database file is moved
away, so no new connection can open it, and then moved back.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from elearn.extensions import db
from tests.conftest import PG_URL

PAGES = ["/", "/courses/", "/certificates/", "/auth/account"]
TRACE_MARKS = ("Traceback", "sqlalchemy", "psycopg", "OperationalError", 'File "')


class Relay:
    """A TCP relay from a local port to `target`; cut() drops every connection, restore() accepts again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
        self.listener.close()
        with self.lock:
            for s in self.conns:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.conns.clear()


def _via(url: str, port: int) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{auth}127.0.0.1:{port}"))


@pytest.fixture
def outage(app_factory, tmp_path, make_user):
    """(app, user, cut, restore) for the database in use."""
    user = make_user()
    if PG_URL:
        url = _template_url(app_factory)
        parts = urlsplit(url)
        relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
        application = app_factory(SQLALCHEMY_DATABASE_URI=_via(url, relay.port))
        yield application, user, relay.cut, relay.restore
        relay.cut()
        return
    source = Path(_template_url(app_factory).removeprefix("sqlite:///"))
    folder = tmp_path / "dbdir"
    folder.mkdir()
    with sqlite3.connect(source) as src, sqlite3.connect(folder / "site.db") as dst:
        src.backup(dst)  # the test's database with the user just made (WAL included)
    application = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'site.db'}")

    def cut():
        os.rename(folder, tmp_path / "dbdir-away")
        with application.app_context():
            db.engine.dispose()  # the open file handles go; new connections find no database

    def restore():
        os.rename(tmp_path / "dbdir-away", folder)

    yield application, user, cut, restore


def _template_url(app_factory) -> str:
    probe = app_factory()
    return probe.config["SQLALCHEMY_DATABASE_URI"]


def _sign_in(client, user) -> None:
    from tests.conftest import TEST_PASSWORD

    response = client.post("/auth/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def _assert_clear_503(response, where: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503, f"{where}: {response.status_code}"
    assert not any(mark in body for mark in TRACE_MARKS), f"{where}: internals leaked"
    assert "数据库" in body or "database" in body.lower(), f"{where}: the page does not say what is wrong"


def test_the_site_answers_503_while_the_database_is_gone_and_recovers(outage):
    application, user, cut, restore = outage
    client = application.test_client()
    _sign_in(client, user)
    assert client.get("/").status_code == 200
    assert client.get("/healthz").json["database"] == "ok"

    cut()
    try:
        for path in PAGES:
            _assert_clear_503(client.get(path), path)
        _assert_clear_503(client.get("/auth/login"), "/auth/login")
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json["database"] == "unavailable"
        api = client.get("/courses/", headers={"Accept": "application/json"})
        assert api.status_code == 503 and api.json["error"] == 503
    finally:
        restore()

    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["database"] == "ok"
    for path in PAGES:
        assert client.get(path).status_code == 200, f"{path} did not recover"
