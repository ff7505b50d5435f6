"""Deployment smoke test: the production setup of docs/production.md, booted for real.

gunicorn (gunicorn.conf.py, 3 workers) runs `app:app` with ELEARN_ENV=production against the PostgreSQL of
TEST_DATABASE_URL, its schema dropped and rebuilt with `flask db upgrade heads` (and emptied afterwards, as
the suite expects) and `flask content load` of tests/fixtures/content, the learner is created with
`flask users create`. Over HTTP, as if behind the TLS proxy (X-Forwarded-Proto: https), the learner signs in,
reads the lessons, passes the sample quiz and a signed-out visitor verifies the certificate it earned.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, ROOT

pytestmark = pytest.mark.postgres_only
BIN = ROOT / ".venv" / "bin"
CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}
PASSWORD = "smoke-test-password-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_public_schema(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))


def _empty_tables(engine) -> None:
    """Leave the migrated schema empty, as the suite's other PostgreSQL tests expect it."""
    with engine.begin() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                   "AND tablename <> 'alembic_version'")).scalars().all()
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def deployment(tmp_path, database_template):
    """(base URL, gunicorn process) on the test database, its schema rebuilt by `flask db upgrade heads`;
    emptied afterwards (the suite's other tests share this database)."""
    from elearn.config import normalise_database_url

    url = normalise_database_url(PG_URL)
    engine = create_engine(url)
    _reset_public_schema(engine)
    port = free_port()
    env = {**os.environ, "ELEARN_ENV": "production", "ELEARN_SECRET_KEY": uuid.uuid4().hex * 2,
           "DATABASE_URL": url, "ELEARN_CONTENT_ROOT": str(ROOT / "tests" / "fixtures" / "content"),
           "ELEARN_INSTANCE_PATH": str(tmp_path), "ELEARN_BASE_URL": f"http://127.0.0.1:{port}",
           "ELEARN_REDIS_URL": "", "FLASK_APP": "app", "PYTHONUNBUFFERED": "1"}
    env.pop("TEST_DATABASE_URL", None)
    server = None
    try:
        flask(env, "db", "upgrade", "heads")
        flask(env, "content", "load")
        flask(env, "users", "create", "--username", "smoke", "--name", "欧阳娜娜", "--employee-no", "E30001",
              "--password", PASSWORD)
        log = (tmp_path / "gunicorn.log").open("w")
        server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-w", "3", "-b",
                                   f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, server, tmp_path / "gunicorn.log")
        yield base, server
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        _empty_tables(engine)
        engine.dispose()


def flask(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, f"flask {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def wait_until_healthy(base: str, server, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still booting
            pass
        time.sleep(0.3)
    raise AssertionError(f"gunicorn never became healthy:\n{log.read_text()}")


class Visitor:
    """A browser behind the TLS proxy: the proxy's X-Forwarded-Proto and the secure cookies it would carry."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.http.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "zh-CN"})

    def _unsecure_cookies(self) -> None:
        for cookie in self.http.cookies:  # the proxy speaks HTTPS to the browser; here the hop is plain HTTP
            cookie.secure = False

    def get(self, path: str, expect: int = 200) -> str:
        response = self.http.get(f"{self.base}{path}", allow_redirects=True, timeout=30)
        self._unsecure_cookies()
        assert response.status_code == expect, f"GET {path}: {response.status_code}"
        return response.text

    def post(self, path: str, data: dict, page: str) -> requests.Response:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        host = self.base.split("://", 1)[1]
        response = self.http.post(f"{self.base}{path}", data={**data, "csrf_token": token}, allow_redirects=False,
                                  headers={"Referer": f"https://{host}{path}"}, timeout=30)
        self._unsecure_cookies()
        assert response.status_code in (200, 302, 303), f"POST {path}: {response.status_code}\n{response.text[:500]}"
        return response


def worker_count(server) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return len(children.read_text().split()) if children.exists() else -1


def test_gunicorn_with_three_workers_serves_the_learner_path(deployment):
    base, server = deployment
    assert worker_count(server) in (-1, 3)
    health = requests.get(f"{base}/healthz", timeout=5).json()
    assert health == {"status": "ok", "database": "ok", "dialect": "postgresql"}

    learner = Visitor(base)
    login_page = learner.get("/auth/login")
    response = learner.post("/auth/login", {"username": "smoke", "password": PASSWORD}, login_page)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]

    course = learner.get("/courses/sample-course")
    lessons = list(dict.fromkeys(re.findall(r'href="(/courses/sample-course/lessons/[^"/]+)"', course)))
    assert len(lessons) >= 2, lessons
    for lesson in lessons:
        page = learner.get(lesson)
        assert "<h1" in page
        learner.post(f"{lesson}/complete", {}, page)

    quiz = learner.get("/quizzes/sample-quiz")
    started = learner.post("/quizzes/sample-quiz/start", {}, quiz)
    attempt = re.search(r"/quizzes/attempt/\d+", started.headers["Location"]).group(0)
    learner.post(f"{attempt}/submit", CORRECT, learner.get(attempt))
    review = learner.get(f"{attempt}/review")
    assert "100.0%" in review

    certificates = learner.get("/certificates/")
    verify_path = re.search(r'href="[^"]*(/verify/[A-Za-z0-9]+)"', certificates).group(1)
    visitor = Visitor(base)  # signed out
    verification = visitor.get(verify_path)
    assert "有效" in verification and "欧***" in verification and "欧阳娜娜" not in verification

    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=30) == 0  # a graceful stop
