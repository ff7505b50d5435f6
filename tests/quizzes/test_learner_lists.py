"""The quiz page names its course with a link back; the quiz list and home widget show standing at a glance."""

from __future__ import annotations

from pathlib import Path

import pytest

from elearn.content import runner
from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes.models import QuizAttempt

CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}


@pytest.fixture
def loaded(app):
    report = runner.load(Path(app.config["CONTENT_ROOT"]), now())
    assert report.ok, [str(p) for p in report.problems]
    db.session.commit()


def _take(client, data):
    attempt_id = int(client.post("/quizzes/sample-quiz/start").headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/quizzes/attempt/{attempt_id}/submit", data=data).status_code == 302


def test_the_quiz_page_links_back_to_its_course(client, loaded, learner):
    response = client.get("/quizzes/sample-quiz")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/courses/sample-course"' in html and "示例课程：合规催收入门" in html
    assert "返回课程" in html and "已完成 0 / 2 节课" in html


def test_lists_show_status_best_grade_and_attempts_left(app, client, loaded, learner):
    html = client.get("/quizzes/").get_data(as_text=True)
    assert "未开始" in html and 'href="/courses/sample-course"' in html
    _take(client, {"q-sq-001": "1"})                       # 0 of 3
    html = client.get("/quizzes/").get_data(as_text=True)
    assert "尚未通过" in html and "0.0%" in html and "再试一次" in html
    _take(client, CORRECT)                                 # 3 of 3
    _take(client, {"q-sq-001": "0"})                       # 1 of 3: the best grade stays
    for page in (client.get("/quizzes/"), client.get("/")):
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "已通过" in html and "100.0%" in html and "最高成绩" in html
        assert "33.3%" not in html
    assert "不限" in client.get("/quizzes/").get_data(as_text=True)   # max_attempts: 0


def test_attempts_left_counts_down_and_a_hidden_score_stays_hidden(client, learner, publish_quiz):
    from elearn.quizzes.bank import Review

    publish_quiz(max_attempts=3, review=Review(score="never", responses="never", correct_answers="never",
                                               feedback="never"))
    _take(client, CORRECT)
    html = client.get("/quizzes/").get_data(as_text=True)
    assert "2 / 3 次" in html and "不公开" in html and "100.0%" not in html
    assert "100.0%" not in client.get("/quizzes/sample-quiz").get_data(as_text=True)
    attempt = db.session.query(QuizAttempt).one()
    review = client.get(f"/quizzes/attempt/{attempt.id}/review")
    assert review.status_code == 200 and "100.0%" not in review.get_data(as_text=True)   # nor the grade that counts


def test_a_quiz_created_by_a_gift_import_is_titled_after_its_course(loaded):
    from elearn.quizzes.authoring import import_gift

    report = import_gift("::q1:: 逾期未还款属于违约吗？{T}", "imported", None, now(), course="sample-course")
    assert report.problems == [] and report.version is not None
    assert report.version.to_spec().title == {"zh": "示例课程：合规催收入门 测验",
                                              "en": "Sample course: compliant collection basics quiz"}


def test_a_trainer_grades_written_answers_first(app, client, make_user, login, loaded):
    from elearn.quizzes.authoring import import_gift

    import_gift("::essay:: 简述如何与持卡人协商还款。{}\n\n::tf:: 民法典自2021年起施行。{T}", "written", None, now(),
                course="sample-course")
    db.session.commit()
    learner = app.test_client()
    login(make_user("learner"), client=learner)
    attempt_id = int(learner.post("/quizzes/written/start").headers["Location"].rsplit("/", 1)[1])
    learner.post(f"/quizzes/attempt/{attempt_id}/submit", data={"q-essay": "先核实身份。", "q-tf": "true"})
    assert "待评分" in learner.get("/quizzes/").get_data(as_text=True)
    login(make_user("trainer"))
    html = client.get(f"/quizzes/attempt/{attempt_id}/grade").get_data(as_text=True)
    assert html.index("待评分的主观题") < html.index('name="mark-essay"') < html.index("已自动评分的题目")
    assert "学员的答案" in html and "你的答案" not in html
