"""Load test: 500 simulated learners (and a few HR staff) against gunicorn on PostgreSQL, with locust headless.

Everything runs on loopback: the local PostgreSQL cluster (started as .ci/run does; a database `elearn_bench`
created for the run and dropped after), a private redis-server for the rate limits and the task queue (as in
docs/production.md), gunicorn with gunicorn.conf.py in the production configuration, and locust driving
bench/locustfile.py for LOAD_SECONDS. Results: throughput, p50/p95/p99 over every request, errors, and the
p95 of the heavier steps. Targets (issue 9): no errors, p95 < 500 ms.

Settings (environment): LOAD_USERS (500), LOAD_SECONDS (90), LOAD_SPAWN_RATE (25 per s), LOAD_WAIT_MIN/MAX
(10/30 s between tasks), LOAD_STEP_MIN/MAX (3/10 s between a task's steps), LOAD_LOGIN_SHARE (0.1: the learners
who sign in during the run; the others arrive with this morning's session), WEB_CONCURRENCY / ELEARN_THREADS
(gunicorn.conf.py's defaults), LOAD_KEEP=1 keeps the work folder (gunicorn log, locust CSV files).
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT, Result, free_port

BIN = Path(sys.executable).parent
DB_NAME = "elearn_bench"
PASSWORD = "load-test-password-1"
HR_USERS = 5


def _psql(port: str, sql: str) -> None:
    subprocess.run(["su", "postgres", "-c", f'psql -q -p {port} -c "{sql}"'], check=True, capture_output=True)


def postgres_url() -> tuple[str, str]:
    """Start the local cluster if needed (as .ci/run does), create an empty bench database; (URL, port)."""
    if not shutil.which("pg_lsclusters"):
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (see .ci/run)")
    line = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split("\n")[0].split()
    if not line:
        subprocess.run(["pg_createcluster", "15", "main"], check=True, capture_output=True)
        line = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
    version, cluster, port = line[0], line[1], line[2]
    subprocess.run(["pg_ctlcluster", version, cluster, "start"], capture_output=True)
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-p", port]).returncode == 0:
            break
        time.sleep(1)
    _psql(port, r"DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='elearn') THEN "
                r"CREATE ROLE elearn LOGIN PASSWORD 'elearn'; END IF; END \$\$")
    _psql(port, f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(port, f"CREATE DATABASE {DB_NAME} OWNER elearn")
    return f"postgresql+psycopg://elearn:elearn@127.0.0.1:{port}/{DB_NAME}", port


def _flask(env: dict, *args: str) -> None:
    done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def seed(env: dict, users: int, sessions_file: Path) -> None:
    """Scenarios, learners and HR accounts (one password hash shared, to keep setup fast) and the session
    cookies of the learners who signed in earlier today."""
    code = f"""
import json, os
from elearn import create_app
from elearn.auth import services
from elearn.core.clock import now
from elearn.extensions import db
from tests.scenarios.shipped import publish_shipped
app = create_app()
with app.app_context():
    publish_shipped()
    moment = now()
    digest = services.hash_password({PASSWORD!r})
    people = []
    for n in range(1, {users} + 1):
        people.append(services.create_user(username=f"load{{n:04d}}", display_name=f"学员{{n:04d}}", role="learner",
                                           employee_no=f"L{{n:05d}}", now=moment))
    for n in range(1, {HR_USERS} + 1):
        people.append(services.create_user(username=f"loadhr{{n}}", display_name=f"人事{{n}}", role="hr",
                                           employee_no=f"H{{n:04d}}", now=moment))
    for person in people:
        person.password_hash = digest
    db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    cookies = {{p.username: serializer.dumps({{"_user_id": f"{{p.id}}:{{p.session_version}}", "_fresh": False}})
               for p in people if p.role == "learner"}}
    open({str(sessions_file)!r}, "w").write(json.dumps(cookies))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"seeding failed:\n{done.stderr[-3000:]}")


def _wait_healthy(url: str, process, seconds: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn never became healthy")


def _stop(process) -> None:
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _print_server_errors(log: Path, limit: int = 80) -> None:
    """The first server-side tracebacks, so that an error in the table can be followed up."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next((i for i, line in enumerate(lines) if "Traceback" in line or " ERROR " in line), None)
    if start is not None:
        print("\n".join(lines[start:start + limit]), flush=True)


def read_stats(prefix: Path) -> dict[str, dict]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        return {row["Name"]: row for row in csv.DictReader(fh)}


def results(stats: dict[str, dict], users: int, seconds: int, workers: str, load: str,
            with_redis: bool) -> list[Result]:
    total = stats["Aggregated"]
    probe = stats.get("healthz (floor)")
    floor95 = float(probe["95%"]) if probe else None
    floor50 = float(probe["50%"]) if probe else None
    requests_, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    heavy = ("POST", "quiz", "scenario", "certificate", "hr")
    steps = ", ".join(f"{name} {float(row['95%']):.0f}" for name, row in sorted(stats.items())
                      if name not in ("Aggregated", "healthz (floor)") and name.split()[0] in heavy)
    setting = (f"{users} users, {seconds} s, gunicorn {workers} workers x {os.environ.get('ELEARN_THREADS', '4')} "
               f"threads, PostgreSQL{' + Redis' if with_redis else ''} on loopback; "
               f"machine load average before/after: {load}")
    return [
        Result("load: throughput", float(total["Requests/s"]), "req/s", note=f"{requests_} requests; {setting}"),
        Result("load: p50 latency", float(total["50%"]), "ms", floor=floor50, note="floor: /healthz p50 in the run"),
        Result("load: p95 latency", p95, "ms", floor=floor95, target="< 500 ms", ok=p95 < 500,
               note=f"floor: /healthz p95 in the run; p95 per step (ms): {steps}"),
        Result("load: p99 latency", float(total["99%"]), "ms"),
        Result("load: errors", float(failures), "requests", target="0", ok=failures == 0,
               note=f"{100 * failures / max(requests_, 1):.2f}% of requests"),
    ]


def run() -> list[Result]:
    users = int(os.environ.get("LOAD_USERS", "500"))
    seconds = int(os.environ.get("LOAD_SECONDS", "90"))
    spawn = os.environ.get("LOAD_SPAWN_RATE", "25")
    workdir = Path(tempfile.mkdtemp(prefix="elearn-load-"))
    url, pg_port = postgres_url()
    redis_port, web_port = free_port(), free_port()
    base = f"http://127.0.0.1:{web_port}"
    env = {**os.environ, "ELEARN_ENV": "production", "ELEARN_SECRET_KEY": uuid.uuid4().hex * 2,
           "DATABASE_URL": url, "ELEARN_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
           "ELEARN_CONTENT_ROOT": str(ROOT / "tests" / "fixtures" / "content"), "ELEARN_INSTANCE_PATH": str(workdir),
           "ELEARN_BASE_URL": base, "FLASK_APP": "app",
           # as behind nginx: each simulated person's address comes from X-Forwarded-For (default sign-in limit)
           "ELEARN_PROXY_COUNT": "1"}
    redis = web = None
    try:
        if shutil.which("redis-server"):
            redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:  # apt-get install redis-server for the production-like run; without it, in-process storage
            print("redis-server not found: rate limits in memory, task queue in SQLite", flush=True)
            env["ELEARN_REDIS_URL"] = ""
        _flask(env, "db", "upgrade", "heads")
        _flask(env, "content", "load")
        sessions = workdir / "sessions.json"
        seed(env, users, sessions)
        log = (workdir / "gunicorn.log").open("w")
        web = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{web_port}",
                                "--access-logfile", "/dev/null", "app:app"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
        _wait_healthy(base, web)
        before = os.getloadavg()[0]
        prefix = workdir / "locust"
        load_env = {**env, "LOAD_SESSIONS": str(sessions), "LOAD_PASSWORD": PASSWORD}
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                        "-u", str(users), "-r", spawn, "-t", f"{seconds}s", "--host", base, "--csv", str(prefix),
                        "--only-summary", "--stop-timeout", "20", "--loglevel", "WARNING"],
                       cwd=ROOT, env=load_env, check=False, timeout=seconds + 120)
        _print_server_errors(workdir / "gunicorn.log")
        workers = os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2))
        load = f"{before:.1f}/{os.getloadavg()[0]:.1f}"
        return results(read_stats(prefix), users, seconds, workers, load, redis is not None)
    finally:
        _stop(web)
        _stop(redis)
        with contextlib.suppress(subprocess.CalledProcessError):
            _psql(pg_port, f"DROP DATABASE IF EXISTS {DB_NAME}")
        if not os.environ.get("LOAD_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    for result in run():
        print(result)
