"""`python -m elearn.reports.worker`: the task queue consumer that `make run` starts beside gunicorn.

Same as `flask --app app report worker`: exports, large imports and the daily reminders run here,
on the SQLite queue under instance/ by default, or on Redis when ELEARN_REDIS_URL is set.
"""

from __future__ import annotations

import logging
import os

from huey.consumer import Consumer


def run_consumer(app) -> None:
    """Consume this app's queue until stopped (SIGTERM/SIGINT)."""
    from elearn.reports.tasks import queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    workers = int(os.environ.get("ELEARN_TASK_WORKERS", "2"))
    Consumer(queue(app), workers=workers, worker_type="thread").run()


def main() -> None:
    from elearn import create_app

    run_consumer(create_app())


if __name__ == "__main__":
    main()
