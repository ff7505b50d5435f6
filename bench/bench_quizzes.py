"""Quizzes: grading a 50-question attempt (pure engine) and submitting one through the web layer.

Targets (issue 4): grading under 5 ms; submit under 50 ms server time. The submit floor is GET /healthz
(a trivial route with one database query) served by the same app in the same run.
"""

from __future__ import annotations

import re

from common import Result, median, timed

from elearn.quizzes.bank import Accepted, Choice, NumericAnswer, Pair, Question, QuizSpec
from elearn.quizzes.grading import correct_response, grade_attempt

TYPES = ("single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "fill", "essay")
PASSWORD = "bench-password-1"


def question(i: int) -> Question:
    """One question of each type in turn, with realistic sizes (4 options, 4 pairs, 5 items, 2 blanks)."""
    kind = TYPES[i % len(TYPES)]
    base = {"id": f"q{i:03d}", "type": kind, "stem": f"第 {i} 题：持卡人逾期后，催收员应当怎么做？", "tags": ["pool"]}
    fields = {
        "single": {"options": tuple(Choice(str(k), f"选项{k}", 1.0 if k == 0 else 0.0) for k in range(4))},
        "multiple": {"options": (Choice("0", "甲", 0.5), Choice("1", "乙", 0.5), Choice("2", "丙", -1.0),
                                 Choice("3", "丁", 0.0))},
        "truefalse": {"answer": True},
        "short": {"accepted": (Accepted("民法典"), Accepted("中华人民共和国民法典"), Accepted("民法", 0.5))},
        "numerical": {"numeric": (NumericAnswer(60.0, 0.0), NumericAnswer(60.0, 5.0, 0.5))},
        "matching": {"pairs": tuple(Pair(f"左{k}", f"右{k}") for k in range(4)), "distractors": ("多余",)},
        "ordering": {"items": tuple(f"步骤{k}" for k in range(5))},
        "fill": {"stem": "{{1}} 于 {{2}} 年施行", "blanks": (("民法典",), ("2021", "二〇二一"))},
        "essay": {},
    }[kind]
    return Question(**{**base, **fields})


def bank(size: int = 50) -> list[Question]:
    return [question(i) for i in range(size)]


def typed(q: Question):
    """What a learner types: the right answer, with full-width characters where text is typed."""
    answer = correct_response(q)
    if q.type == "short":
        return "　民法典。"
    if q.type == "numerical":
        return "６０"
    return answer if q.type != "essay" else "我会先表明身份，再核实身份。"


def bench_grading() -> Result:
    questions = bank()
    responses = {q.id: typed(q) for q in questions}
    samples = timed(lambda: grade_attempt(questions, responses, {q.id: 1.0 for q in questions if q.type == "essay"}),
                    repeat=300, warmup=20)
    value, p95 = median(samples), sorted(samples)[int(len(samples) * 0.95)]
    return Result("grade a 50-question attempt (pure engine)", value, "ms", None, "< 5 ms", value < 5,
                  f"median of 300; p95 {p95:.2f} ms; 9 types incl. CJK normalising")


def _setup(app):
    from dataclasses import replace

    from elearn.auth import services as auth
    from elearn.core.clock import now
    from elearn.extensions import db
    from elearn.quizzes.publishing import publish_spec

    questions = tuple(replace(q, type="short", accepted=(Accepted("我会先表明身份"),)) if q.type == "essay" else q
                      for q in bank())
    spec = QuizSpec(slug="bench-quiz", title={"zh": "基准测验"}, course="bench-course", questions=questions,
                    shuffle_questions=True, shuffle_options=True)
    with app.app_context():
        publish_spec(spec, {}, None, now())
        auth.create_user(role="learner", username="bench", display_name="基准用户", employee_no="B0001",
                         password=PASSWORD, now=now())
        db.session.commit()
    return questions


def _form(app, attempt_id: int):
    """What the browser posts for an all-correct attempt, through the attempt's own display order."""
    from werkzeug.datastructures import MultiDict

    from elearn.extensions import db
    from elearn.quizzes.forms import form_from_response
    from elearn.quizzes.models import QuizAttempt
    from elearn.quizzes.services import questions_of

    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        slots = {slot["q"]: slot for slot in attempt.layout}
        pairs = [pair for q in questions_of(attempt)
                 for pair in form_from_response(q, slots[q.id], correct_response(q))]
    return MultiDict(pairs)


def bench_submit() -> list[Result]:
    import time

    from common import fresh_app

    app = fresh_app()
    _setup(app)
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "bench", "password": PASSWORD}).status_code == 302
    floor = median(timed(lambda: client.get("/healthz"), repeat=50, warmup=5))
    samples = []
    for _ in range(30):
        location = client.post("/quizzes/bench-quiz/start").headers["Location"]
        attempt_id = re.search(r"/attempt/(\d+)", location).group(1)
        form = _form(app, int(attempt_id))
        start = time.perf_counter()
        response = client.post(f"/quizzes/attempt/{attempt_id}/submit", data=form)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302
    value = median(samples)
    html = client.get(f"/quizzes/attempt/{attempt_id}/review").get_data(as_text=True)
    full = "100.0%" in html
    return [Result("submit a 50-question attempt (POST, grade, store, redirect)", value, "ms", floor, "< 50 ms",
                   value < 50, f"median of 30 in-process requests on SQLite; graded 100%: {full}")]


def run() -> list[Result]:
    return [bench_grading(), *bench_submit()]
