"""The lesson page's caches (version snapshots, cached template fragments) never serve stale or foreign data.

Each test views a page first so the caches are warm, then changes what the page depends on (a new
version, the learner's progress, the language, the user, the role, the section) and checks the page
follows.
"""

import re
import shutil

from elearn.courses import snapshots

LESSON = "/courses/sample-course/lessons/01-breach"


def _page(client, path=LESSON) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _csrf(page: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', page).group(1)


def test_a_new_version_replaces_the_cached_lesson_at_once(client, make_user, login, load_content, tmp_path, app):
    load_content()
    login(make_user())
    assert "持卡人" in _page(client)
    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    course = root / "courses/sample-course"
    (course / "course.yml").write_text(
        (course / "course.yml").read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8"
    )
    lesson = next(course.glob("01-*.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\n第二版新增的一段话。\n", encoding="utf-8")
    load_content(root)
    page = _page(client)
    assert "第二版新增的一段话" in page
    assert 'src="/courses/sample-course/media/2/flow.png"' in page  # the whole lesson is v2, not only the body


def test_progress_and_completion_are_fresh_on_every_view(client, make_user, login, sample):
    login(make_user())
    before = _page(client)
    assert 'aria-valuenow="0"' in before and "/lessons/01-breach/complete" in before
    client.post(f"{LESSON}/complete")
    after = _page(client)
    assert 'aria-valuenow="50"' in after and "/lessons/01-breach/complete" not in after
    assert 'rel="next"' in after  # done: the next lesson's link replaces the form


def test_each_user_sees_their_own_name_and_csrf_token(app, make_user, login, sample):
    first, second = app.test_client(), app.test_client()
    login(make_user(display_name="张三"), client=first)
    login(make_user(display_name="李四"), client=second)
    page_one, page_two = _page(first), _page(second)
    assert "张三" in page_one and "李四" not in page_one
    assert "李四" in page_two and "张三" not in page_two
    assert _csrf(page_one) != _csrf(page_two)


def test_each_user_sees_their_own_role_and_employee_number_in_the_layout(app, make_user, login, sample):
    learner, trainer = app.test_client(), app.test_client()
    login(make_user(employee_no="E-LEARN-1"), client=learner)
    login(make_user(role="trainer", employee_no="E-TRAIN-2"), client=trainer)
    for _ in range(2):  # the second view is served from the warm fragment cache
        one = learner.get(LESSON).get_data(as_text=True)
        two = trainer.get(LESSON).get_data(as_text=True)
        assert re.search(r'role-badge ms-1">学员<', one) and "E-LEARN-1" in one and "E-TRAIN-2" not in one
        assert re.search(r'role-badge ms-1">培训师<', two) and "E-TRAIN-2" in two and "E-LEARN-1" not in two
        assert "工号 E-LEARN-1" in one and "退出登录" in one


def test_switching_language_switches_the_cached_layout_and_lesson(client, make_user, login, sample):
    login(make_user())
    chinese = _page(client)
    assert '<html lang="zh-CN">' in chinese and "Sign out" not in chinese and "Contents" not in chinese
    client.post("/lang/en", data={"next": LESSON})
    english = _page(client)
    assert '<html lang="en">' in english and "Sign out" in english
    assert "Courses" in english and "Contents" in english
    client.post("/lang/zh_CN", data={"next": LESSON})
    again = _page(client)
    assert '<html lang="zh-CN">' in again and "Sign out" not in again and "Contents" not in again


def test_the_navigation_follows_the_role_and_the_section(app, make_user, login, sample):
    learner, trainer = app.test_client(), app.test_client()
    login(make_user(), client=learner)
    login(make_user(role="trainer"), client=trainer)
    learner_page = _page(learner)
    assert 'href="/courses/manage"' not in learner_page
    assert re.search(r'class="nav-link active" aria-current="page"\s+href="/courses/"', learner_page)
    trainer_page = _page(trainer, "/courses/manage")
    assert 'href="/courses/manage"' in trainer_page
    home = _page(learner, "/")
    assert not re.search(r'class="nav-link active" aria-current="page"\s+href="/courses/"', home)


def test_flashed_messages_still_show_under_the_cached_layout(client, make_user, login, sample):
    login(make_user())
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A message for this request only")]
    assert "A message for this request only" in _page(client)
    assert "A message for this request only" not in _page(client)


def test_snapshot_is_keyed_by_version_and_dropped_when_full(app, monkeypatch, sample):
    with app.test_request_context():
        course, version = snapshots.current_version_snapshot("sample-course")
        assert course.slug == "sample-course" and [lesson.slug for lesson in version.lessons] == [
            "01-breach",
            "02-quiet-life",
        ]
        assert snapshots.current_version_snapshot("sample-course")[1] is version  # cached
        store = app.extensions["courses_snapshots"]
        monkeypatch.setattr(snapshots, "MAX_SNAPSHOTS", 1)
        store.clear()
        store[("another", "key", None)] = version
        rebuilt = snapshots.current_version_snapshot("sample-course")[1]
        assert rebuilt is not version and rebuilt == version  # built again, same content
        assert ("another", "key", None) not in store and len(store) == 1
        assert snapshots.current_version_snapshot("no-such-course") is None


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)


def test_the_reused_signed_csrf_token_is_still_checked_per_session(app_factory, make_user):
    user = make_user()
    protected = app_factory(WTF_CSRF_ENABLED=True)
    first, second = protected.test_client(), protected.test_client()
    for client in (first, second):
        token = _form_token(client.get("/auth/login").get_data(as_text=True))
        response = client.post("/auth/login", data={"username": user.username, "password": "test-password-1",
                                                     "csrf_token": token})
        assert response.status_code == 302
    token = _form_token(_page(first, "/"))
    assert _form_token(_page(first, "/")) == token  # signed once for this session
    assert first.post("/lang/en", data={"next": "/"}).status_code == 400
    assert second.post("/lang/en", data={"next": "/", "csrf_token": token}).status_code == 400  # not theirs
    assert first.post("/lang/en", data={"next": "/", "csrf_token": token}).status_code == 302
    assert _form_token(_page(second, "/")) != token


def test_with_a_csrf_time_limit_each_page_is_signed_afresh(app_factory, make_user):
    user = make_user()
    limited = app_factory(WTF_CSRF_ENABLED=False, WTF_CSRF_TIME_LIMIT=3600)
    client = limited.test_client()
    client.post("/auth/login", data={"username": user.username, "password": "test-password-1"})
    _page(client, "/")
    assert "csrf_signed" not in limited.extensions


def test_a_repeat_view_makes_two_queries_and_writes_nothing(app, client, make_user, login, sample):
    from sqlalchemy import event

    from elearn.extensions import db

    login(make_user())
    client.post(f"{LESSON}/complete")  # progress on the course, so the progress rows are not empty
    _page(client)  # first view: the visit is stored and the caches are warm
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement.split()[0].upper())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        page = _page(client)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert 'aria-valuenow="50"' in page
    assert statements == ["SELECT", "SELECT"], statements  # the user; the current version with the progress
