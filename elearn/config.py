"""Configuration classes; values from ELEARN_* environment variables are applied by `from_env`."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "elearn-development-secret-do-not-use-in-production"


class Config:
    SECRET_KEY = DEV_SECRET
    SQLALCHEMY_DATABASE_URI = ""  # filled in by create_app: SQLite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    CONTENT_ROOT = str(ROOT)
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    DISPLAY_TIMEZONE = "Asia/Shanghai"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    PROXY_COUNT = 0  # reverse proxies in front (nginx: 1); the client's address and scheme come from X-Forwarded-*
    REDIS_URL = ""
    PASSWORD_MIN_LENGTH = 10
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_MINUTES = 15
    # Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 17 ms a sign-in here, where
    # argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 150 ms of CPU and capped sign-ins at ~13/s on 2 cores.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19456
    ARGON2_PARALLELISM = 1
    SITE_NAME = "elearn"
    ORGANISATION_NAME = "信用卡中心 合规培训部"
    BASE_URL = "http://127.0.0.1:5000"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

# ELEARN_<NAME> environment variables that override settings, with their converters.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "CONTENT_ROOT": str,
    "REDIS_URL": str,
    "BASE_URL": str,
    "ORGANISATION_NAME": str,
    "DISPLAY_TIMEZONE": str,
    "LOGIN_RATE_LIMIT": str,
    "PROXY_COUNT": int,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "MAIL_FROM": str,
    "CERT_SIGNING_SECRET": str,
    "ORGANISATION_NAME_EN": str,
    "VERIFY_RATE_LIMIT": str,
    "SCENARIO_TURN_RATE_LIMIT": str,
    "API_RATE_LIMIT": str,
    "IMPORT_INLINE_LIMIT": int,
    "DASHBOARD_CACHE_SECONDS": int,
    "REPORT_PDF_MAX_ROWS": int,
}


def config_class(name: str | None) -> type[Config]:
    """The config class for ELEARN_ENV (development, testing, production)."""
    name = name or os.environ.get("ELEARN_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"ELEARN_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def from_env(environ: dict) -> dict:
    """Settings read from the environment at app creation (never at import)."""
    values = {}
    for name, convert in ENV_SETTINGS.items():
        raw = environ.get(f"ELEARN_{name}")
        if raw not in (None, ""):
            values[name] = convert(raw)
    url = environ.get("ELEARN_DATABASE_URL") or environ.get("DATABASE_URL")
    if url:
        values["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if values.get("REDIS_URL"):
        values["RATELIMIT_STORAGE_URI"] = values["REDIS_URL"]
    return values


def normalise_database_url(url: str) -> str:
    """Let operators write postgres:// or postgresql:// and still get the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
