from elearn.audit.models import AuditEntry
from elearn.auth.models import User
from elearn.extensions import db


def test_only_admins_see_the_account_list(client, make_user, login):
    login(make_user(role="hr"))
    assert client.get("/admin/users").status_code == 403


def test_admin_creates_an_account_with_a_chinese_name(client, make_user, login):
    login(make_user(role="admin"))
    response = client.post("/admin/users", data={
        "username": "zhaomin", "employee_no": "H0099", "display_name": "赵敏", "role": "hr",
        "password": "a-good-passw0rd"})
    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="zhaomin").one()
    assert user.display_name == "赵敏" and user.role == "hr"
    assert "赵敏" in client.get("/admin/users?q=赵").get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="admin.user_create").count() == 1


def test_duplicate_username_is_refused_and_nothing_is_written(client, make_user, login):
    admin = make_user(role="admin")
    login(admin)
    before = db.session.query(User).count()
    response = client.post("/admin/users", data={
        "username": admin.username, "employee_no": "X1", "display_name": "重复", "role": "learner",
        "password": "a-good-passw0rd"}, follow_redirects=True)
    assert "未创建" in response.get_data(as_text=True)
    assert db.session.query(User).count() == before


def test_invalid_form_names_the_field(client, make_user, login):
    login(make_user(role="admin"))
    response = client.post("/admin/users", data={"username": "bad name!", "employee_no": "", "display_name": "",
                                                 "role": "learner", "password": "short"})
    assert response.status_code == 400
    assert "is-invalid" in response.get_data(as_text=True)


def test_role_change_signs_the_user_out_and_is_audited(app, client, make_user, login):
    admin, learner = make_user(role="admin"), make_user()
    other = app.test_client()
    login(learner, client=other)
    login(admin)
    client.post(f"/admin/users/{learner.id}/role", data={"role": "trainer"})
    assert db.session.get(User, learner.id).role == "trainer"
    assert other.get("/").status_code == 302
    entry = db.session.query(AuditEntry).filter_by(action="admin.role_change").one()
    assert '"to": "trainer"' in entry.details


def test_admin_cannot_lock_themselves_out(client, make_user, login):
    admin = make_user(role="admin")
    login(admin)
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    client.post(f"/admin/users/{admin.id}/role", data={"role": "learner"})
    user = db.session.get(User, admin.id)
    assert user.active and user.role == "admin"


def test_deactivated_user_cannot_sign_in(app, client, make_user, login):
    admin, learner = make_user(role="admin"), make_user()
    login(admin)
    client.post(f"/admin/users/{learner.id}/active", data={"active": "0"})
    response = app.test_client().post("/auth/login", data={"username": learner.username,
                                                           "password": "test-password-1"})
    assert response.status_code == 200


def test_unknown_user_is_404(client, make_user, login):
    login(make_user(role="admin"))
    assert client.get("/admin/users/99999").status_code == 404
