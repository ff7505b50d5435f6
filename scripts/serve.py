"""`make run`: serve the site with gunicorn, plus the embedded background-task consumer when there is one."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default=os.environ.get("PORT", "5000"))
    parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))
    args = parser.parse_args()
    children = []
    sys.path.insert(0, str(ROOT))
    if importlib.util.find_spec("elearn.reports.tasks") is not None:
        children.append(subprocess.Popen([str(BIN / "python"), "-m", "elearn.reports.worker"], cwd=ROOT))
    print(f"elearn: serving on http://127.0.0.1:{args.port}  (Ctrl-C stops)", flush=True)
    web = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-w", str(args.workers),
                            "-b", f"127.0.0.1:{args.port}", "app:app"], cwd=ROOT)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in [web, *children]:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                child.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
