"""The import command says what it would do, refuses bad files and applies good ones."""

from pathlib import Path

from sqlalchemy import select

from elearn.auth.models import User
from elearn.employees.cli import group
from elearn.extensions import db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def run(runner, *args):
    return runner.invoke(group, list(args), catch_exceptions=False)


def test_messy_file_lists_errors_and_exits_1(runner):
    result = run(runner, "import", str(FIXTURES / "messy_gbk.csv"))
    assert result.exit_code == 1
    assert "row 6, column 入职日期: 2025-13-45 is not a date" in result.output
    assert "not imported (personal data we do not keep): 身份证号" in result.output
    assert db.session.scalar(select(User).where(User.employee_no == "C1000")) is None


def test_dry_run_then_apply(runner):
    result = run(runner, "import", "--dry-run", str(FIXTURES / "messy_gbk_fixed.csv"))
    assert result.exit_code == 0, result.output
    assert "3 to create" in result.output and "dry run" in result.output
    assert db.session.scalar(select(User).where(User.employee_no == "C1000")) is None
    result = run(runner, "import", str(FIXTURES / "messy_gbk_fixed.csv"))
    assert result.exit_code == 0 and "applied; 0 new assignments" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(User.display_name).where(User.employee_no == "C1002")) == "欧阳娜娜"
    assert "0 new assignments" in run(runner, "assign").output
