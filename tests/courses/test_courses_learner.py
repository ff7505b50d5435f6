"""A learner works through a course: catalogue, course page, lessons, progress, resume, search."""

from datetime import timedelta

from elearn.core.clock import now
from elearn.core.events import learning_progress
from elearn.courses import services


def test_catalogue_lists_published_course_by_category(client, make_user, login, sample):
    login(make_user())
    page = client.get("/courses/").get_data(as_text=True)
    assert "示例课程：合规催收入门" in page
    assert "合同与还款" in page or "Contract and repayment" in page


def test_course_page_outline_progress_and_certificate_needs(client, make_user, login, sample):
    login(make_user())
    page = client.get("/courses/sample-course").get_data(as_text=True)
    assert "逾期还款是违约" in page and "尊重私人生活安宁" in page
    assert 'aria-valuenow="0"' in page
    assert "cert-req-title" in page or "0/2" in page  # the certificates panel, or courses' own list


def test_lesson_renders_citation_chip_toc_and_image(client, make_user, login, sample):
    login(make_user())
    response = client.get("/courses/sample-course/lessons/01-breach")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/courses/glossary#civil-code-577"' in page
    assert "民法典 第五百七十七条" in page
    assert 'href="#sec-一逾期是民事问题"' in page
    assert 'src="/courses/sample-course/media/1/flow.png"' in page
    image = client.get("/courses/sample-course/media/1/flow.png")
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_mark_complete_advances_and_sends_event(app, client, make_user, login, sample):
    user = make_user()
    login(user)
    received = []
    def receiver(sender, **kw):
        received.append(kw)

    learning_progress.connect(receiver)
    try:
        response = client.post("/courses/sample-course/lessons/01-breach/complete")
    finally:
        learning_progress.disconnect(receiver)  # only ours: clearing all would drop the certificates domain's
    assert response.status_code == 302 and response.location.endswith("/courses/sample-course/lessons/02-quiet-life")
    assert received and received[0]["course_slug"] == "sample-course"
    progress = services.course_progress(user, sample.current_version)
    assert (progress.lessons_done, progress.lessons_total, progress.completed) == (1, 2, False)
    client.post("/courses/sample-course/lessons/02-quiet-life/complete")
    assert services.course_progress(user, sample.current_version).completed


def test_resume_goes_to_last_opened_unfinished_lesson(client, make_user, login, sample):
    login(make_user())
    client.get("/courses/sample-course/lessons/02-quiet-life")
    response = client.get("/courses/sample-course/resume")
    assert response.location.endswith("/lessons/02-quiet-life")


def test_a_lesson_view_records_the_visit_at_most_once_a_minute(client, make_user, login, sample):

    from sqlalchemy import select, update

    from elearn.courses.models import LessonProgress
    from elearn.extensions import db

    user = make_user()
    login(user)
    client.get("/courses/sample-course/lessons/01-breach")

    def last_seen():
        db.session.expire_all()
        return db.session.scalars(select(LessonProgress.last_seen_at).where(LessonProgress.user_id == user.id)).one()

    def seen_ago(seconds):
        db.session.execute(update(LessonProgress).values(last_seen_at=now() - timedelta(seconds=seconds)))
        db.session.commit()
        return last_seen()

    recent = seen_ago(30)
    client.get("/courses/sample-course/lessons/01-breach")
    assert last_seen() == recent  # a reload within the minute writes nothing
    stale = seen_ago(600)
    client.get("/courses/sample-course/lessons/01-breach")
    assert last_seen() > stale + timedelta(seconds=590)  # stored, and committed by the page


def test_time_on_page_is_bounded(app, make_user, sample):
    user = make_user()
    lesson = sample.current_version.lessons[0]
    start = now()
    services.record_visit(user, lesson, start)
    assert services.record_time(user, lesson, start + timedelta(seconds=30)) == 30
    assert services.record_time(user, lesson, start + timedelta(seconds=120)) == 90  # one beat adds at most 60
    assert services.record_time(user, lesson, start + timedelta(hours=3)) == 90  # idle tab adds nothing
    moment = start + timedelta(hours=3)
    for _ in range(100):
        moment += timedelta(seconds=60)
        total = services.record_time(user, lesson, moment)
    assert total == lesson.minutes * 60 * services.MAX_FACTOR


def test_ping_endpoint_records_time(client, make_user, login, sample):
    login(make_user())
    client.get("/courses/sample-course/lessons/01-breach")
    response = client.post("/courses/sample-course/lessons/01-breach/ping")
    assert response.status_code == 200 and response.json["seconds"] >= 0


def test_search_finds_two_character_chinese_word_with_highlight(client, make_user, login, sample):
    login(make_user())
    page = client.get("/courses/search?q=违约").get_data(as_text=True)
    assert "逾期还款是违约" in page and "<mark>违约</mark>" in page
    page = client.get("/courses/search?q=私人生活安宁").get_data(as_text=True)
    assert "尊重私人生活安宁" in page and "<mark>私人生活安宁</mark>" in page
    assert "逾期还款是违约" not in client.get("/courses/search?q=私人生活安宁").get_data(as_text=True)


def test_glossary_lists_references_with_anchors(client, make_user, login, sample):
    login(make_user())
    page = client.get("/courses/glossary").get_data(as_text=True)
    assert 'id="civil-code-577"' in page and 'id="contract-law"' in page
    assert "已于2021年1月1日被民法典废止" in page
    assert page.index('id="civil-code-577"') < page.index('id="civil-code-1033"')  # numbers sort as numbers
    assert '<a href="#civil-code-1260">民法典 第一千二百六十条</a>' in page


def test_unknown_course_and_lesson_are_404(client, make_user, login, sample):
    login(make_user())
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/sample-course/lessons/99-nope").status_code == 404


def test_pages_need_login(client, sample):
    assert client.get("/courses/sample-course").status_code == 302


def _with_second_course(tmp_path, app, prerequisites="[sample-course]", recertify=False):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    other = root / "courses/next-course"
    shutil.copytree(root / "courses/sample-course", other)
    text = (other / "course.yml").read_text(encoding="utf-8")
    text = text.replace("prerequisites: []", f"prerequisites: {prerequisites}")
    text = text.replace("示例课程：合规催收入门", "进阶课程")
    (other / "course.yml").write_text(text, encoding="utf-8")
    return root


def test_prerequisite_locks_course_with_reason(client, make_user, login, load_content, tmp_path, app):
    load_content(_with_second_course(tmp_path, app))
    user = make_user()
    login(user)
    page = client.get("/courses/next-course").get_data(as_text=True)
    assert "本课程尚未解锁" in page and 'href="/courses/sample-course"' in page
    assert client.get("/courses/next-course/lessons/01-breach").status_code == 302
    assert client.post("/courses/next-course/lessons/01-breach/complete").status_code == 403
    for lesson in ("01-breach", "02-quiet-life"):
        client.post(f"/courses/sample-course/lessons/{lesson}/complete")
    assert "本课程尚未解锁" not in client.get("/courses/next-course").get_data(as_text=True)
    assert client.get("/courses/next-course/lessons/01-breach").status_code == 200


def test_progress_carries_to_a_new_version_unless_it_requires_recertification(make_user, load_content, tmp_path, app):
    import shutil

    load_content()
    user = make_user()
    v1 = services.published_course("sample-course").current_version
    for lesson in v1.lessons:
        services.complete_lesson(user, lesson, now())
    root = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_ROOT"], root)
    course = root / "courses/sample-course/course.yml"
    text = course.read_text(encoding="utf-8").replace("version: 1", "version: 2").replace("首次发布", "改写")
    course.write_text(text.replace("estimated_minutes: 20", "estimated_minutes: 25"), encoding="utf-8")
    load_content(root)
    v2 = services.published_course("sample-course").current_version
    assert v2.version == 2 and services.course_progress(user, v2).completed
    text = course.read_text(encoding="utf-8").replace("version: 2", "version: 3")
    course.write_text(
        text.replace("recertify_on_new_version: false", "recertify_on_new_version: true"), encoding="utf-8"
    )
    load_content(root)
    v3 = services.published_course("sample-course").current_version
    assert services.course_progress(user, v3).lessons_done == 0
    assert services.course_progress(user, v1).completed  # the old version's record is unchanged


def test_search_survives_operators_and_quotes(client, make_user, login, sample):
    login(make_user())
    for query in ['"违约', "违约 OR *", "NEAR(a b)", "%_\\", '私人 生活 安宁 ""']:
        assert client.get("/courses/search", query_string={"q": query}).status_code == 200
    page = client.get("/courses/search", query_string={"q": "私人 安宁"}).get_data(as_text=True)
    assert "尊重私人生活安宁" in page


def test_assigned_courses_come_first_with_due_date(client, make_user, login, load_content, tmp_path, app):
    from datetime import date

    from elearn.employees.assigning import assign_manual
    from elearn.extensions import db

    load_content(_with_second_course(tmp_path, app, prerequisites="[]"))
    hr, user = make_user("hr"), make_user()
    assign_manual(hr, [user], "next-course", date(2026, 12, 31), now())
    db.session.commit()
    login(user)
    page = client.get("/courses/").get_data(as_text=True)
    assigned = page.split('id="assigned-heading"')[1].split("<section")[0]
    assert "进阶课程" in assigned and "示例课程：合规催收入门" not in assigned
    assert "截止 2026-12-31" in assigned
    assert "示例课程：合规催收入门" in page.split('id="assigned-heading"')[1].split("<section", 1)[1]


def test_home_page_shows_my_courses_widget(client, make_user, login, sample):
    login(make_user())
    page = client.get("/").get_data(as_text=True)
    assert "我的课程" in page and 'href="/courses/sample-course"' in page


def test_a_concurrent_first_visit_uses_the_row_already_there(app, make_user, sample):
    from elearn.courses.models import LessonProgress
    from elearn.extensions import db

    user = make_user()
    lesson = sample.current_version.lessons[0]
    db.session.add(
        LessonProgress(
            user_id=user.id,
            lesson_id=lesson.id,
            course_version_id=lesson.course_version_id,
            started_at=now(),
            last_seen_at=now(),
            seconds_spent=42,
        )
    )
    db.session.commit()
    # what a second request sees when it looked before the first one committed
    row = services.insert_progress(user, lesson, now())
    assert row.seconds_spent == 42


def test_search_finds_words_that_are_only_in_a_lesson_title(client, make_user, login, sample):
    login(make_user())
    page = client.get("/courses/search", query_string={"q": "尊重"}).get_data(as_text=True)
    assert "尊重私人生活安宁" in page and "<mark>尊重</mark>" in page
    page = client.get("/courses/search", query_string={"q": "breach"}).get_data(as_text=True)
    assert "逾期还款是违约" in page


def test_catalogue_and_home_work_on_29_february(client, make_user, login, sample, monkeypatch):
    """The catalogue sorted unassigned courses after now().replace(year=9999), which raised on 29 February."""
    from datetime import datetime

    import elearn.courses.routes as routes

    monkeypatch.setattr(routes, "now", lambda: datetime(2028, 2, 29, 2, 0))
    login(make_user())
    for url in ("/courses/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "示例课程：合规催收入门" in response.get_data(as_text=True)


def test_a_course_with_an_opened_lesson_is_in_progress_everywhere(client, make_user, login, sample):
    """Opening a lesson starts the course: the catalogue card, the course page and the home page's required
    courses (the HR status) all say "in progress", and the course page offers to continue, not to start."""
    from datetime import date

    from elearn.employees.assigning import assign_manual
    from elearn.extensions import db

    user = make_user()
    assign_manual(None, [user], "sample-course", date(2099, 12, 31), now())
    db.session.commit()
    login(user)

    def badges(html):
        return [part.split("</span>")[0] for part in html.split('class="badge status-badge')[1:]]

    assert any("未开始" in b for b in badges(client.get("/courses/").get_data(as_text=True)))
    assert client.get("/courses/sample-course/lessons/01-breach").status_code == 200  # opened, not completed
    catalogue = client.get("/courses/").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True).split('id="my-assignments-title"')[1]
    course_page = client.get("/courses/sample-course").get_data(as_text=True)
    for page in (catalogue, home):
        assert badges(page) and not any("未开始" in b for b in badges(page))
        assert len({b.split(">")[-1] for b in badges(page)}) == 1  # one wording of "in progress" on both pages
    assert {b.split(">")[-1] for b in badges(catalogue)} == {b.split(">")[-1] for b in badges(home)}
    assert "继续学习" in course_page and "开始学习</a>" not in course_page
    assert 'aria-valuenow="0"' in course_page  # started, nothing completed yet


def test_lesson_buttons_say_previous_and_next_lesson(client, make_user, login, sample):
    """"Next" was shared with the pagination's msgid, whose catalog won: the button read 下一页 (next page)."""
    login(make_user())
    client.post("/courses/sample-course/lessons/01-breach/complete")
    first = client.get("/courses/sample-course/lessons/01-breach").get_data(as_text=True)
    second = client.get("/courses/sample-course/lessons/02-quiet-life").get_data(as_text=True)
    assert "下一课：" in first and "下一页" not in first
    assert "上一课：" in second and "上一页" not in second
