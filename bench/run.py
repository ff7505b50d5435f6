"""Run every bench/bench_*.py and write bench/results.md with the machine's details."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import subprocess
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def machine() -> list[str]:
    mem = cpu = ""
    with contextlib.suppress(OSError, StopIteration, ValueError), open("/proc/meminfo") as fh:
        total_kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        mem = f"{total_kb / 1024 / 1024:.1f} GiB"
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as fh:
        cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    sqlite = subprocess.run([sys.executable, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
                            capture_output=True, text=True).stdout.strip()
    return [f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", f"- CPU: {cpu} ({os.cpu_count()} cores)",
            f"- memory: {mem}", f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()}, SQLite {sqlite}"]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def main() -> int:
    only = set(sys.argv[1:])
    header = "| benchmark | measurement | floor | ratio | target | met | note |"
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py). Machine:", "", *machine(), "",
             header, "|---|---|---|---|---|---|---|"]
    failures = 0
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        print(f"== {path.stem}", flush=True)
        try:
            results = load(path).run()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            lines.append(f"| {path.stem} | error | — | — | — | no | see the console output |")
            failures += 1
            continue
        for r in results:
            met = "—" if r.ok is None else ("yes" if r.ok else "**no**")
            ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "—"
            cells = [r.name, f"{fmt(r.value)} {r.unit}", fmt(r.floor), ratio, r.target, met, r.note]
            lines.append("| " + " | ".join(cells) + " |")
            print(f"   {r.name}: {fmt(r.value)} {r.unit} (floor {fmt(r.floor)}, {ratio}) {met}", flush=True)
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'results.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
