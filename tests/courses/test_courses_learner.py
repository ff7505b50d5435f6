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
    learning_progress.connect(lambda sender, **kw: received.append(kw), weak=False)
    try:
        response = client.post("/courses/sample-course/lessons/01-breach/complete")
    finally:
        learning_progress.receivers.clear()
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


def test_unknown_course_and_lesson_are_404(client, make_user, login, sample):
    login(make_user())
    assert client.get("/courses/nope").status_code == 404
    assert client.get("/courses/sample-course/lessons/99-nope").status_code == 404


def test_pages_need_login(client, sample):
    assert client.get("/courses/sample-course").status_code == 302
