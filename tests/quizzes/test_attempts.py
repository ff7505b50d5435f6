"""A learner takes a quiz through the web layer: start, autosave, reload, submit twice, review."""

from __future__ import annotations

import re
from datetime import timedelta

from elearn.extensions import db
from elearn.quizzes import services
from elearn.quizzes.models import QuizAttempt

CORRECT = {"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"}


def start(client, slug="sample-quiz") -> QuizAttempt:
    response = client.post(f"/quizzes/{slug}/start")
    assert response.status_code == 302
    attempt_id = int(re.search(r"/attempt/(\d+)", response.headers["Location"]).group(1))
    return db.session.get(QuizAttempt, attempt_id)


def test_the_attempt_page_never_carries_correct_answers_or_feedback(client, learner, publish_quiz):
    publish_quiz()
    attempt = start(client)
    html = client.get(f"/quizzes/attempt/{attempt.id}").get_data(as_text=True)
    assert "持卡人逾期未还款" in html and "违约行为" in html
    for secret in ("对。", "普通的还不上钱是民事问题", "中华人民共和国民法典", "correct", "fraction", "weight"):
        assert secret not in html


def test_autosaved_answers_survive_a_reload(client, learner, publish_quiz):
    publish_quiz()
    attempt = start(client)
    saved = client.post(f"/quizzes/attempt/{attempt.id}/save", data={"q-sq-001": "1", "q-sq-003": "合同法"})
    assert saved.status_code == 200 and saved.json["saved"] is True
    again = start(client)
    assert again.id == attempt.id
    html = client.get(f"/quizzes/attempt/{attempt.id}").get_data(as_text=True)
    assert re.search(r'value="1"\s+checked', html) and 'value="合同法"' in html


def test_submitting_twice_grades_once(client, learner, publish_quiz, signals):
    publish_quiz()
    attempt = start(client)
    first = client.post(f"/quizzes/attempt/{attempt.id}/submit", data=CORRECT)
    second = client.post(f"/quizzes/attempt/{attempt.id}/submit", data={"q-sq-001": "1"})
    assert first.status_code == second.status_code == 302
    db.session.refresh(attempt)
    assert (attempt.status, attempt.percent, attempt.passed) == ("graded", 100.0, True)
    assert signals == [(learner.id, "sample-course")]
    result = services.quiz_result(learner, "sample-quiz")
    assert (result.passed, result.grade_percent, result.attempt_id) == (True, 100.0, attempt.id)
    late = client.post(f"/quizzes/attempt/{attempt.id}/save", data={"q-sq-001": "1"})
    assert late.status_code == 409


def test_the_review_shows_what_the_settings_allow(client, learner, publish_quiz):
    publish_quiz()
    attempt = start(client)
    client.post(f"/quizzes/attempt/{attempt.id}/submit", data={"q-sq-001": "1", "q-sq-002": "true"})
    html = client.get(f"/quizzes/attempt/{attempt.id}/review").get_data(as_text=True)
    assert "0%" in html and "普通的还不上钱是民事问题" in html          # score and feedback: immediately
    assert "Correct answer" not in html and "正确答案" not in html     # correct answers: after passing
    attempt2 = start(client)
    client.post(f"/quizzes/attempt/{attempt2.id}/submit", data=CORRECT)
    html = client.get(f"/quizzes/attempt/{attempt.id}/review").get_data(as_text=True)
    assert "正确答案" in html or "Correct answer" in html


def test_the_deadline_is_enforced_on_the_server(app, client, learner, publish_quiz, signals):
    publish_quiz(time_limit_minutes=10)
    attempt = start(client)
    assert attempt.deadline is not None
    client.post(f"/quizzes/attempt/{attempt.id}/save", data={"q-sq-001": "0"})
    attempt.deadline = attempt.started_at - timedelta(seconds=1)   # time is up
    db.session.commit()
    late = client.post(f"/quizzes/attempt/{attempt.id}/save", data=CORRECT)
    assert late.status_code == 409
    client.post(f"/quizzes/attempt/{attempt.id}/submit", data=CORRECT)
    db.session.refresh(attempt)
    assert attempt.status == "graded" and attempt.marks == {"sq-001": 1.0, "sq-002": 0.0, "sq-003": 0.0}
    assert len(signals) == 1


def test_an_expired_attempt_is_submitted_with_what_was_saved(client, learner, publish_quiz):
    publish_quiz(time_limit_minutes=5)
    attempt = start(client)
    client.post(f"/quizzes/attempt/{attempt.id}/save", data={"q-sq-003": "民法典"})
    attempt.deadline = attempt.started_at
    db.session.commit()
    assert client.get(f"/quizzes/attempt/{attempt.id}").status_code == 302
    db.session.refresh(attempt)
    assert attempt.status == "graded" and attempt.score == 1.0


def test_attempt_limit_and_wait_are_enforced(client, learner, publish_quiz):
    publish_quiz(max_attempts=2, min_wait_minutes=30)
    attempt = start(client)
    client.post(f"/quizzes/attempt/{attempt.id}/submit", data={})
    refused = client.post("/quizzes/sample-quiz/start")
    assert refused.headers["Location"].endswith("/quizzes/sample-quiz")
    assert db.session.query(QuizAttempt).count() == 1
    attempt.submitted_at -= timedelta(minutes=31)
    db.session.commit()
    second = start(client)
    client.post(f"/quizzes/attempt/{second.id}/submit", data={})
    client.post("/quizzes/sample-quiz/start")
    assert db.session.query(QuizAttempt).count() == 2
    page = client.get("/quizzes/sample-quiz").get_data(as_text=True)
    assert "None left" in page or "已用完" in page


def test_grading_methods_choose_the_grade_that_counts(client, learner, publish_quiz):
    version = publish_quiz()
    answers = [{"q-sq-001": "0"}, CORRECT, {}]
    for data in answers:
        attempt = start(client)
        client.post(f"/quizzes/attempt/{attempt.id}/submit", data=data)
    graded = services.attempts_of(learner, version.quiz)
    percents = [a.percent for a in graded]
    assert percents == [33.33, 100.0, 0.0]
    from dataclasses import replace

    spec = version.to_spec()
    expected = {"highest": 100.0, "last": 0.0, "first": 33.33, "average": 44.44}
    for method, grade in expected.items():
        assert services.counted_grade(replace(spec, grading=method), graded)[0] == grade


def test_other_learners_cannot_open_an_attempt(client, learner, publish_quiz, make_user, login, app):
    publish_quiz()
    attempt = start(client)
    other = app.test_client()
    login(make_user("learner"), client=other)
    assert other.get(f"/quizzes/attempt/{attempt.id}").status_code == 404
    assert other.post(f"/quizzes/attempt/{attempt.id}/submit", data=CORRECT).status_code == 404


POOLS = """\
title: {zh: 抽题测验, en: Pool quiz}
course: sample-course
pass_mark: 60
shuffle_questions: true
shuffle_options: true
draw:
  - {tag: law, count: 2}
  - {tag: craft, count: 1}
questions:
""" + "".join(
    f"  - {{id: {tag}-{i}, type: truefalse, tags: [{tag}], stem: '{tag} 题 {i}', answer: true}}\n"
    for tag in ("law", "craft") for i in range(4)
)


def test_a_quiz_that_draws_from_pools_shows_only_the_drawn_questions(client, learner, publish_quiz):
    publish_quiz(POOLS, slug="pool-quiz")
    attempt = start(client, "pool-quiz")
    drawn = [slot["q"] for slot in attempt.layout]
    assert len(drawn) == 3 and sum(q.startswith("law-") for q in drawn) == 2
    html = client.get(f"/quizzes/attempt/{attempt.id}").get_data(as_text=True)
    for qid in (f"{tag}-{i}" for tag in ("law", "craft") for i in range(4)):
        assert (f'name="q-{qid}"' in html) == (qid in drawn)
    client.post(f"/quizzes/attempt/{attempt.id}/submit", data={f"q-{qid}": "true" for qid in drawn})
    db.session.refresh(attempt)
    assert (attempt.max_score, attempt.percent) == (3.0, 100.0)


def test_a_scheduled_job_closes_attempts_nobody_came_back_to(client, learner, publish_quiz, runner, signals):
    publish_quiz(time_limit_minutes=5)
    attempt = start(client)
    client.post(f"/quizzes/attempt/{attempt.id}/save", data=CORRECT)
    attempt.deadline = attempt.started_at
    db.session.commit()
    result = runner.invoke(args=["quizzes", "close-expired"])
    assert "closed 1 expired attempts" in result.output
    db.session.refresh(attempt)
    assert attempt.status == "graded" and attempt.percent == 100.0 and len(signals) == 1


ORDER_QUIZ = """\
title: {zh: 排序测验, en: Ordering quiz}
course: sample-course
shuffle_options: true
questions:
  - id: steps
    type: ordering
    stem: 请排列通话步骤
    items: [表明身份, 核实身份, 说明欠款, 协商方案, 确认安排]
  - id: pick
    type: single
    stem: 哪个对？
    options:
      - {text: 对的, correct: true}
      - {text: 错的甲}
      - {text: 错的乙}
"""


def test_the_page_posts_display_positions_so_values_never_reveal_the_answer(client, learner, publish_quiz):
    publish_quiz(ORDER_QUIZ, slug="order-quiz")
    attempt = start(client, "order-quiz")
    html = client.get(f"/quizzes/attempt/{attempt.id}").get_data(as_text=True)
    options = re.findall(r'<option value="(\d)" >([^<]+)</option>', html)[:5]
    shown = [text for _, text in options]
    assert [v for v, _ in options] == ["0", "1", "2", "3", "4"]          # values are display positions
    assert shown != ["表明身份", "核实身份", "说明欠款", "协商方案", "确认安排"]   # ... and the display is shuffled
    from elearn.quizzes.forms import form_from_response
    from elearn.quizzes.grading import correct_response

    slots = {slot["q"]: slot for slot in attempt.layout}
    data = [pair for q in services.questions_of(attempt) for pair in
            form_from_response(q, slots[q.id], correct_response(q))]
    from werkzeug.datastructures import MultiDict

    client.post(f"/quizzes/attempt/{attempt.id}/submit", data=MultiDict(data))
    db.session.refresh(attempt)
    assert attempt.percent == 100.0


def test_the_review_cites_each_questions_legal_basis(client, learner, publish_quiz):
    publish_quiz()
    attempt = start(client)
    client.post(f"/quizzes/attempt/{attempt.id}/submit", data=CORRECT)
    html = client.get(f"/quizzes/attempt/{attempt.id}/review").get_data(as_text=True)
    assert "法律依据" in html and 'href="/courses/glossary#civil-code-577"' in html
