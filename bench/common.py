"""Shared pieces of the benchmarks: a result row, timing, and an app on a fresh migrated database.

Each `bench/bench_<name>.py` defines `run() -> list[Result]`; `bench/run.py` runs them all and writes
`bench/results.md` with the machine's details. Benchmarks measure and compare against a floor; they never fail
the test suite.
"""

from __future__ import annotations

import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str               # what was measured
    value: float            # the measurement
    unit: str               # ms, s, req/s, MB ...
    floor: float | None = None  # the reference measured in the same run (e.g. a trivial route)
    target: str = ""        # the target, in words: "<= 2x floor", "< 300 ms"
    ok: bool | None = None  # whether the target is met
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return None if not self.floor else self.value / self.floor


def timed(fn: Callable, repeat: int = 20, warmup: int = 2) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def cpu_timed(fn: Callable, repeat: int = 15, warmup: int = 2) -> list[float]:
    """CPU milliseconds per call: rendering is single-threaded CPU work, and CPU time stays meaningful
    when other processes share the machine (wall-clock time is reported too)."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append((time.process_time() - start) * 1000)
    return samples


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for the servers a benchmark starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def fresh_app(**overrides):
    """An app on a new SQLite database built by the migrations, content from the repository."""
    from flask_migrate import upgrade

    from elearn import create_app

    workdir = Path(tempfile.mkdtemp(prefix="elearn-bench-"))
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}", "RATELIMIT_ENABLED": False}
    settings.update(overrides)
    app = create_app("testing", instance_path=str(workdir), **settings)
    with app.app_context():
        upgrade(revision="heads")
    return app
