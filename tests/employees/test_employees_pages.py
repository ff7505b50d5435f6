"""HR imports a messy GBK file through the browser forms, fixes it, applies it, assigns a course."""

import io
from pathlib import Path

from sqlalchemy import select

from elearn.audit.models import AuditEntry
from elearn.auth.models import Department, User
from elearn.employees.models import Assignment
from elearn.extensions import db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def upload(client, name, **extra):
    data = {"file": (io.BytesIO((FIXTURES / name).read_bytes()), name), **extra}
    return client.post("/employees/import", data=data, content_type="multipart/form-data")


def test_messy_gbk_upload_shows_errors_and_applies_nothing(client, login, make_user):
    login(make_user("hr"))
    html = upload(client, "messy_gbk.csv").get_data(as_text=True)
    assert "入职日期" in html and "2025-13-45" in html and "工号 C1001 重复（首次出现在第 3 行）" in html
    assert "身份证号" in html  # told it is not imported
    assert "应用以上变更" not in html
    assert db.session.scalar(select(User).where(User.employee_no == "C1000")) is None


def test_fixed_file_preview_then_apply(client, login, make_user):
    login(make_user("hr"))
    html = upload(client, "messy_gbk_fixed.csv").get_data(as_text=True)
    assert "应用以上变更" in html and "欧阳娜娜" in html
    batch_id = html.split("/employees/import/")[1].split("/apply")[0]
    response = client.post(f"/employees/import/{batch_id}/apply")
    assert response.status_code == 302
    assert db.session.scalar(select(User.display_name).where(User.employee_no == "C1002")) == "欧阳娜娜"
    again = client.post(f"/employees/import/{batch_id}/apply", follow_redirects=True).get_data(as_text=True)
    assert "该文件已经应用过" in again
    listing = client.get("/employees/?q=欧阳").get_data(as_text=True)
    assert "催收中心 / 催收二部" in listing


def test_department_rule_through_the_form(client, login, make_user, make_course):
    hr = make_user("hr")
    login(hr)
    make_course("law", 2, "合同与还款义务")
    upload(client, "clean_utf8.csv")
    batch = client.post("/employees/import/1/apply")
    assert batch.status_code == 302
    dept = db.session.scalar(select(Department).where(Department.name == "催收一部"))
    page = client.get("/employees/assignments").get_data(as_text=True)
    assert "合同与还款义务 (law)" in page
    response = client.post("/employees/assignments", data={
        "rule-course_slug": "law", "rule-kind": "department", "rule-department_id": dept.id, "rule-due_days": 21,
        "rule-submit": "1"})
    assert response.status_code == 302
    people = db.session.scalars(select(User.employee_no).join(Assignment, Assignment.user_id == User.id)).all()
    assert sorted(people) == ["C1000", "C1001"]


def test_manual_assignment_reports_unknown_numbers(client, login, make_user, make_course):
    login(make_user("hr"))
    make_course("law")
    learner = make_user(employee_no="E777")
    html = client.post("/employees/assignments/manual", data={
        "manual-employee_nos": "E777, NOPE1", "manual-course_slug": "law", "manual-due": "2027-01-31"},
    ).get_data(as_text=True)
    assert "NOPE1" in html
    assert client.post("/employees/assignments/manual", data={
        "manual-employee_nos": "E777", "manual-course_slug": "law", "manual-due": "2027-01-31"}).status_code == 302
    assert db.session.scalar(select(Assignment.user_id)) == learner.id


def test_person_page_is_audited_and_learners_see_only_themselves(client, login, make_user, app):
    hr, learner, other = make_user("hr"), make_user(), make_user()
    login(learner)
    assert client.get(f"/employees/{other.id}").status_code == 403
    assert client.get(f"/employees/{learner.id}").status_code == 200
    assert client.get("/employees/").status_code == 403
    hr_client = app.test_client()
    login(hr, client=hr_client)
    assert hr_client.get(f"/employees/{learner.id}").status_code == 200
    targets = db.session.scalars(select(AuditEntry.target).where(AuditEntry.action == "employees.view")).all()
    assert targets == [f"user:{learner.id}"]


def test_learner_home_shows_due_dates(client, login, make_user, make_course):
    learner = make_user()
    make_course("law", 2, "合同与还款义务")
    from datetime import date

    from elearn.core.clock import now
    from elearn.employees.assigning import assign_manual

    assign_manual(None, [learner], "law", date(2027, 1, 31), now())
    db.session.commit()
    login(learner)
    html = client.get("/").get_data(as_text=True)
    assert "我的必修课程" in html and "合同与还款义务" in html and "2027-01-31" in html


def test_learner_home_reminds_of_overdue_work(client, login, make_user, make_course):
    from datetime import timedelta

    from elearn.core.clock import now
    from elearn.employees.assigning import assign_manual

    learner = make_user()
    make_course("law", 2, "合同与还款义务")
    assign_manual(None, [learner], "law", (now() - timedelta(days=3)).date(), now())
    db.session.commit()
    login(learner)
    html = client.get("/").get_data(as_text=True)
    assert "已逾期：合同与还款义务 的截止日期为" in html and "alert-danger" in html


def test_large_import_runs_in_the_task_queue(app_factory, login):
    from elearn.auth.services import create_user
    from elearn.core.clock import now

    app = app_factory(IMPORT_INLINE_LIMIT=1)
    with app.app_context():
        create_user(username="hrq", display_name="人事", role="hr", password="test-password-1", now=now())
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"username": "hrq", "password": "test-password-1"})
        html = upload(client, "clean_utf8.csv").get_data(as_text=True)
        batch_id = html.split("/employees/import/")[1].split("/apply")[0]
        response = client.post(f"/employees/import/{batch_id}/apply")
        assert response.headers["Location"].endswith(f"/employees/import/{batch_id}")
        status = client.get(f"/employees/import/{batch_id}/status").get_json()
        assert status["status"] == "done" and status["download"].endswith("/employees/")
        assert status["percent"] == 100 and status["progress"] == status["total"] > 0  # published by the worker
        assert db.session.scalar(select(User.display_name).where(User.employee_no == "C1003")) == "赵敏"
        assert "jobs.js" in client.get(f"/employees/import/{batch_id}").get_data(as_text=True)
