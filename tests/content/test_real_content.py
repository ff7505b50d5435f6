"""The shipped curriculum: it passes `content check` (every scenario's tests included), loads, and survives an
export-then-load round trip with nothing republished."""

from sqlalchemy import func, select

from elearn.courses.models import CourseVersion
from elearn.extensions import db
from tests.conftest import ROOT

COURSES = {"contract-repayment", "consumer-rights", "privacy-pipl", "compliant-conduct", "communication-negotiation"}


def test_real_content_loads_and_round_trips(runner, tmp_path):
    check = runner.invoke(args=["content", "check", "--root", str(ROOT)])
    assert check.exit_code == 0, check.output
    load = runner.invoke(args=["content", "load", "--root", str(ROOT)])
    assert load.exit_code == 0, load.output
    published = set(load.output.splitlines())
    assert {f"published course {slug} v1" for slug in COURSES} <= published
    assert {f"published quiz {slug} v1" for slug in COURSES} <= published
    assert sum(line.startswith("published scenario ") for line in published) >= 12

    target = tmp_path / "export"
    export = runner.invoke(args=["content", "export", str(target)])
    assert export.exit_code == 0, export.output
    versions = db.session.scalar(select(func.count()).select_from(CourseVersion))
    again = runner.invoke(args=["content", "load", "--root", str(target)])
    assert again.exit_code == 0, again.output
    assert "published" not in again.output
    assert db.session.scalar(select(func.count()).select_from(CourseVersion)) == versions
