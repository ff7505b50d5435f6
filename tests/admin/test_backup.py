import sqlite3

import pytest

from elearn import create_app
from elearn.auth.models import User
from elearn.extensions import db


@pytest.mark.sqlite_only
def test_backup_restores_to_the_same_people(app, runner, make_user, tmp_path):
    make_user(display_name="王龘")
    make_user(display_name="欧阳娜娜")
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    restored = create_app("testing", instance_path=str(tmp_path), SQLALCHEMY_DATABASE_URI=f"sqlite:///{target}")
    with restored.app_context():
        names = {u.display_name for u in db.session.query(User)}
        db.engine.dispose()
    assert {"王龘", "欧阳娜娜"} <= names
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.sqlite_only
def test_backup_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "exists.db"
    target.write_text("keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "exists" in result.output
    assert target.read_text() == "keep me"


def test_backup_explains_postgres(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://x@127.0.0.1:1/none")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])
    assert result.exit_code != 0 and "pg_dump" in result.output
