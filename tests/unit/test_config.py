import pytest

from elearn import create_app
from elearn.config import from_env, normalise_database_url


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_environment_overrides_are_read_at_creation():
    values = from_env({"ELEARN_DATABASE_URL": "postgresql://a/b", "ELEARN_REDIS_URL": "redis://r:6379/0",
                       "ELEARN_SMTP_PORT": "2525"})
    assert values["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://a/b"
    assert values["RATELIMIT_STORAGE_URI"] == "redis://r:6379/0"
    assert values["SMTP_PORT"] == 2525


def test_production_refuses_the_development_secret(tmp_path, monkeypatch):
    monkeypatch.delenv("ELEARN_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="ELEARN_SECRET_KEY"):
        create_app("production", instance_path=str(tmp_path))


def test_production_starts_with_its_own_secret(tmp_path):
    app = create_app("production", instance_path=str(tmp_path), SECRET_KEY="s" * 40,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_unknown_environment_name_is_rejected(monkeypatch):
    monkeypatch.setenv("ELEARN_ENV", "staging")
    with pytest.raises(RuntimeError, match="ELEARN_ENV"):
        create_app()
