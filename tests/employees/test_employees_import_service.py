"""Applying an HR file: all or nothing, leavers deactivated, departments built, audit written."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from elearn.audit.models import AuditEntry
from elearn.auth.models import Department, User
from elearn.core.clock import now
from elearn.employees import services
from elearn.extensions import db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def data(name):
    return (FIXTURES / name).read_bytes()


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_messy_file_is_rejected_and_nothing_is_written(app, make_user):
    hr = make_user("hr")
    users_before = count(User)
    with pytest.raises(services.ImportRejected) as info:
        services.apply_import(data("messy_gbk.csv"), "messy_gbk.csv", hr, now())
    db.session.rollback()
    assert len(info.value.plan.problems) == 5
    assert count(User) == users_before and count(Department) == 0


def test_fixed_file_applies_with_tree_managers_and_audit(app, make_user):
    hr = make_user("hr")
    plan = services.apply_import(data("messy_gbk_fixed.csv"), "fixed.csv", hr, now())
    db.session.commit()
    assert plan.summary()["creates"] == 3
    wang = db.session.scalar(select(User).where(User.employee_no == "C1001"))
    assert wang.display_name == "王芳" and wang.manager.employee_no == "C1000"
    assert [d.name for d in (wang.department, wang.department.parent, wang.department.parent.parent)] == [
        "A组", "催收一部", "催收中心"]
    assert wang.department.level == "team" and wang.password_hash is None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "employees.import")).one()
    assert '"creates": 3' in entry.details
    again = services.preview_import(data("messy_gbk_fixed.csv"), "fixed.csv")
    assert again.summary() == {"creates": 0, "updates": 0, "deactivations": 0, "unchanged": 3, "errors": 0}


def test_snapshot_deactivates_leavers_and_keeps_their_rows(app, make_user):
    hr = make_user("hr")
    services.apply_import(data("clean_utf8.csv"), "a.csv", hr, now())
    db.session.commit()
    snapshot = "工号,姓名\nC1000,李强\n".encode()
    plan = services.apply_import(snapshot, "b.csv", hr, now(), deactivate_missing=True)
    db.session.commit()
    gone = {c.employee_no for c in plan.deactivations}
    assert {"C1001", "C1002", "C1003"} <= gone
    assert db.session.scalar(select(User).where(User.employee_no == "C1002")).active is False
    assert count(User) >= 4


def test_directory_filters_by_department_subtree(app, make_user):
    hr = make_user("hr")
    services.apply_import(data("clean_utf8.csv"), "a.csv", hr, now())
    db.session.commit()
    dept = db.session.scalar(select(Department).where(Department.name == "催收一部"))
    query = services.directory_query(services.DirectoryFilter(department_id=dept.id))
    assert [u.employee_no for u in db.session.scalars(query)] == ["C1000", "C1001"]
    query = services.directory_query(services.DirectoryFilter(q="欧阳"))
    assert [u.employee_no for u in db.session.scalars(query)] == ["C1002"]


def test_apply_reports_rows_done_as_it_goes(app, make_user, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    calls = []
    services.apply_import(data("messy_gbk_fixed.csv"), "fixed.csv", make_user("hr"), now(),
                          progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3), (3, 3)]  # every row, then the end once the audit entry is written
