"""gunicorn settings for elearn (`make run` and production). Override with GUNICORN_CMD_ARGS or flags."""

import multiprocessing
import os

bind = os.environ.get("ELEARN_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("ELEARN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("ELEARN_FORWARDED_ALLOW_IPS", "127.0.0.1")
max_requests = 5000
max_requests_jitter = 500
