from elearn.auth.models import User
from elearn.extensions import db


def test_login_page_is_chinese_by_default(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "登录" in page and 'lang="zh-CN"' in page


def test_english_is_chosen_from_the_browser_language(client):
    page = client.get("/auth/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert "Sign in" in page and 'lang="en"' in page


def test_sign_in_and_out(client, make_user, login):
    user = make_user(display_name="王小明")
    login(user)
    home = client.get("/").get_data(as_text=True)
    assert "王小明" in home
    assert client.get("/auth/logout").status_code == 405  # signing out is a POST (CSRF-protected)
    client.post("/auth/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user()
    response = client.post("/auth/login", data={"username": user.username, "password": "nope-nope-1"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_employee_number_also_signs_in(client, make_user):
    user = make_user(employee_no="E77777")
    response = client.post("/auth/login", data={"username": "e77777", "password": "test-password-1"})
    assert response.status_code == 302 and user.id


def test_deactivated_employee_cannot_sign_in(client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()
    response = client.post("/auth/login", data={"username": user.username, "password": "test-password-1"})
    assert response.status_code == 200 and "已停用" in response.get_data(as_text=True)


def test_next_is_followed_only_within_the_site(client, make_user):
    user = make_user()
    data = {"username": user.username, "password": "test-password-1"}
    assert client.post("/auth/login?next=/auth/account", data=data).headers["Location"] == "/auth/account"
    client.post("/auth/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        location = client.post(f"/auth/login?next={evil}", data=data).headers["Location"]
        assert location == "/", evil
        client.post("/auth/logout")


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/auth/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_password_change_ends_other_sessions(app, make_user, login):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    login(user, client=first)
    login(user, client=second)
    response = first.post("/auth/account/password", data={
        "current": "test-password-1", "new": "a-new-passw0rd", "confirm": "a-new-passw0rd"})
    assert response.status_code == 302
    assert first.get("/").status_code == 200  # the session that changed it stays signed in
    assert second.get("/").status_code == 302  # the other one is signed out


def test_weak_new_password_is_refused(client, make_user, login):
    user = make_user()
    login(user)
    response = client.post("/auth/account/password", data={
        "current": "test-password-1", "new": "abcdefghijkl", "confirm": "abcdefghijkl"})
    assert response.status_code == 400
    assert "字母和数字" in response.get_data(as_text=True)


def test_language_preference_is_saved_per_user(client, make_user, login):
    user = make_user()
    login(user)
    client.post("/auth/account/language", data={"locale": "en"})
    assert db.session.get(User, user.id).locale == "en"
    assert "Account settings" in client.get("/auth/account").get_data(as_text=True)


def test_login_is_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.post("/auth/login", data={"username": "x", "password": "y"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "尝试次数过多" in client.post("/auth/login", data={"username": "x", "password": "y"}).get_data(as_text=True)


def test_csrf_is_required_when_enabled(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/auth/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400


def test_account_locks_after_repeated_wrong_passwords(app, client, make_user):
    user = make_user()
    codes = [client.post("/auth/login", data={"username": user.username, "password": "wrong-pass-1"}).status_code
             for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    response = client.post("/auth/login", data={"username": user.username, "password": "test-password-1"})
    assert response.status_code == 429
    assert "已锁定" in response.get_data(as_text=True)


def test_lock_expires_and_success_resets_the_count(app, client, make_user):
    from datetime import timedelta

    user = make_user()
    for _ in range(4):
        client.post("/auth/login", data={"username": user.username, "password": "wrong-pass-1"})
    assert client.post("/auth/login", data={"username": user.username, "password": "test-password-1"}).status_code == 302
    assert db.session.get(User, user.id).failed_logins == 0
    client.post("/auth/logout")
    for _ in range(5):
        client.post("/auth/login", data={"username": user.username, "password": "wrong-pass-1"})
    locked = db.session.get(User, user.id)
    locked.locked_until = locked.locked_until - timedelta(minutes=16)
    db.session.commit()
    assert client.post("/auth/login", data={"username": user.username, "password": "test-password-1"}).status_code == 302


def test_password_hashes_are_argon2id_and_old_parameters_are_upgraded_at_sign_in(app, client, make_user):
    from argon2 import PasswordHasher

    user = make_user()
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=8192, parallelism=2).hash("test-password-1")
    db.session.commit()
    assert client.post("/auth/login", data={"username": user.username, "password": "test-password-1"}).status_code == 302
    stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert f"m={app.config['ARGON2_MEMORY_COST']},t={app.config['ARGON2_TIME_COST']},p=1" in stored
