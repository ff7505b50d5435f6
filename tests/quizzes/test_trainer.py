"""Trainers: GIFT import/export (CLI and upload), YAML editor, bank by tag, essay grading, item analysis."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from elearn.extensions import db
from elearn.quizzes import services
from elearn.quizzes.gift import parse_gift
from elearn.quizzes.models import QuizAttempt, QuizVersion
from elearn.quizzes.publishing import latest_version

GIFT = Path(__file__).resolve().parents[1] / "fixtures" / "gift"


@pytest.fixture
def trainer(make_user, login):
    user = make_user("trainer", display_name="李老师")
    login(user)
    return user


def test_cli_imports_a_gift_bank_and_exports_the_same_bank(runner, publish_quiz, tmp_path):
    publish_quiz()
    source = GIFT / "full-syntax.gift"
    dry = runner.invoke(args=["quizzes", "import-gift", str(source), "--quiz", "gift-bank", "--course",
                              "sample-course", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "23 questions read" in dry.output and latest_version("gift-bank") is None
    real = runner.invoke(args=["quizzes", "import-gift", str(source), "--quiz", "gift-bank", "--course",
                               "sample-course"])
    assert real.exit_code == 0, real.output
    assert "imported 23 questions into gift-bank v1" in real.output
    out = tmp_path / "out.gift"
    exported = runner.invoke(args=["quizzes", "export-gift", "gift-bank", "-o", str(out)])
    assert exported.exit_code == 0
    original = parse_gift(source.read_text(encoding="utf-8"), id_prefix="gift-bank").questions
    assert parse_gift(out.read_text(encoding="utf-8")).questions == original


def test_cli_names_every_bad_question_and_changes_nothing(runner, publish_quiz):
    publish_quiz()
    before = db.session.query(QuizVersion).count()
    result = runner.invoke(args=["quizzes", "import-gift", str(GIFT / "bad.gift"), "--quiz", "sample-quiz"])
    assert result.exit_code == 1
    assert "bad.gift:4: the answer block '{' is not closed with '}'" in result.output
    assert "bad.gift:12: bad weight" in result.output and "nothing was imported" in result.output
    assert db.session.query(QuizVersion).count() == before


def test_cli_refuses_a_file_that_is_not_utf8(runner, tmp_path):
    bad = tmp_path / "gbk.gift"
    bad.write_bytes("题目{T}".encode("gbk"))
    result = runner.invoke(args=["quizzes", "import-gift", str(bad), "--quiz", "x", "--course", "sample-course"])
    assert result.exit_code == 1 and "GIFT format files must use UTF-8" in result.output


def test_upload_page_adds_questions_to_a_quiz_as_a_new_version(client, trainer, publish_quiz):
    publish_quiz()
    page = client.get("/quizzes/import?slug=sample-quiz").get_data(as_text=True)
    assert 'list="quiz-choices"' in page and '<option value="sample-quiz">示例课程 测验</option>' in page
    assert 'value="sample-quiz"' in page                              # the bank's import button fills the slug
    data = {"slug": "sample-quiz", "course": "", "file": (io.BytesIO((GIFT / "full-syntax.gift").read_bytes()),
                                                           "bank.gift")}
    response = client.post("/quizzes/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    version = latest_version("sample-quiz")
    assert version.version == 2 and len(version.to_spec().questions) == 26 and version.source == "gift"
    bank = client.get("/quizzes/sample-quiz/bank").get_data(as_text=True)
    assert "Civil Code" in bank and "Numbers" in bank and "mc-single" in bank
    assert "Ottawa" in bank and "-100%" in bank                      # trainers see answers and weights


def test_upload_with_errors_shows_lines_and_changes_nothing(client, trainer, publish_quiz):
    publish_quiz()
    data = {"slug": "sample-quiz", "file": (io.BytesIO((GIFT / "bad.gift").read_bytes()), "bad.gift")}
    html = client.post("/quizzes/import", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "not closed with" in html and re.search(r"(Line|第) ?4", html)
    assert latest_version("sample-quiz").version == 1


def test_editor_previews_reports_lines_and_publishes(client, trainer, publish_quiz):
    publish_quiz()
    source = client.get("/quizzes/sample-quiz/edit").get_data(as_text=True)
    assert "sq-003" in source
    from elearn.quizzes.authoring import editor_source

    text = editor_source("sample-quiz")
    broken = text.replace("grading: highest", "grading: best")
    html = client.post("/quizzes/sample-quiz/edit", data={"source": broken, "publish": "1"}).get_data(as_text=True)
    assert "grading" in html and latest_version("sample-quiz").version == 1
    preview = client.post("/quizzes/sample-quiz/edit", data={"source": text, "preview": "1"}).get_data(as_text=True)
    assert "持卡人逾期未还款" in preview
    published = client.post("/quizzes/sample-quiz/edit", data={"source": text.replace("pass_mark: 60", "pass_mark: 70"),
                                                              "publish": "1"})
    assert published.status_code == 302
    assert latest_version("sample-quiz").version == 2 and latest_version("sample-quiz").to_spec().pass_mark == 70


ESSAY_QUIZ = """\
title: {zh: 论述题测验, en: Essay quiz}
course: sample-course
pass_mark: 50
questions:
  - id: tf
    type: truefalse
    stem: 民法典已经施行。
    answer: true
  - id: essay
    type: essay
    points: 4
    stem: 如何与经济困难的持卡人协商？
    guidance: 提到分期或停息挂账给满分
"""


def test_essays_wait_for_a_trainer_in_the_grading_queue(app, client, make_user, login, publish_quiz, signals):
    publish_quiz(ESSAY_QUIZ, slug="essay-quiz")
    learner = make_user("learner")
    login(learner)
    response = client.post("/quizzes/essay-quiz/start")
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    client.post(f"/quizzes/attempt/{attempt_id}/submit", data={"q-tf": "true", "q-essay": "可以申请分期。"})
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert attempt.status == "awaiting_grading" and signals == []
    assert services.quiz_result(learner, "essay-quiz") is None
    review = client.get(f"/quizzes/attempt/{attempt_id}/review").get_data(as_text=True)
    assert "Awaiting grading" in review or "待评分" in review
    trainer_client = app.test_client()
    login(make_user("trainer"), client=trainer_client)
    queue = trainer_client.get("/quizzes/grading").get_data(as_text=True)
    assert f"/quizzes/attempt/{attempt_id}/grade" in queue
    page = trainer_client.get(f"/quizzes/attempt/{attempt_id}/grade").get_data(as_text=True)
    assert "提到分期或停息挂账给满分" in page and "可以申请分期。" in page
    refused = trainer_client.post(f"/quizzes/attempt/{attempt_id}/grade", data={"mark-essay": "9"})
    assert refused.status_code == 302 and db.session.get(QuizAttempt, attempt_id).status == "awaiting_grading"
    trainer_client.post(f"/quizzes/attempt/{attempt_id}/grade", data={"mark-essay": "3"})
    attempt = db.session.get(QuizAttempt, attempt_id)
    assert (attempt.status, attempt.score, attempt.percent, attempt.passed) == ("graded", 4.0, 80.0, True)
    assert signals == [(learner.id, "sample-course")]


def test_item_analysis_page_and_csv(app, client, trainer, make_user, login, publish_quiz):
    version = publish_quiz()
    answers = [{"q-sq-001": "0", "q-sq-002": "false", "q-sq-003": "民法典"},
               {"q-sq-001": "0", "q-sq-002": "false"},
               {"q-sq-001": "0"},
               {"q-sq-003": "民法典"}]
    for data in answers:
        other = app.test_client()
        login(make_user("learner"), client=other)
        attempt_id = int(other.post("/quizzes/sample-quiz/start").headers["Location"].rsplit("/", 1)[1])
        other.post(f"/quizzes/attempt/{attempt_id}/submit", data=data)
    html = client.get("/quizzes/sample-quiz/analysis").get_data(as_text=True)
    assert "57.74%" in html and "-30.15%" in html           # the hand-computed values of tests/unit/test_quiz_stats
    csv_text = client.get("/quizzes/sample-quiz/analysis.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:4]}
    assert by_id["sq-001"]["facility_%"] == "75.00"
    assert by_id["sq-002"]["discrimination_index_%"] == "57.74" and by_id["sq-003"]["discrimination_index_%"] == "-30.15"
    assert "negative_discrimination" in by_id["sq-003"]["flags"]
    # random guess: sq-001 single choice, fractions 1 and 0 -> 50; sq-002 true/false 50; sq-003 short answer, no * -> 0
    assert [by_id[q]["random_guess_score_%"] for q in ("sq-001", "sq-002", "sq-003")] == ["50.00", "50.00", "0.00"]
    assert ["cic", "0.00"] in rows and ["cic_basis", "questions"] in rows
    assert version.quiz.slug == "sample-quiz"


def test_learners_cannot_open_trainer_pages(client, make_user, login, publish_quiz):
    publish_quiz()
    login(make_user("learner"))
    for url in ("/quizzes/manage", "/quizzes/sample-quiz/bank", "/quizzes/sample-quiz/analysis",
                "/quizzes/sample-quiz/edit", "/quizzes/import", "/quizzes/grading", "/quizzes/sample-quiz/export.gift"):
        assert client.get(url).status_code == 403, url


def test_manage_page_lists_quizzes_with_links(client, trainer, publish_quiz):
    publish_quiz()
    html = client.get("/quizzes/manage").get_data(as_text=True)
    assert "sample-quiz" in html and "/quizzes/sample-quiz/analysis" in html
    gift = client.get("/quizzes/sample-quiz/export.gift").get_data(as_text=True)
    assert "[id:sq-001]" in gift and "=违约行为" in gift


def test_home_page_widgets(app, client, make_user, login, publish_quiz):
    publish_quiz()
    login(make_user("learner"))
    html = client.get("/").get_data(as_text=True)
    assert "/quizzes/sample-quiz" in html
    trainer_client = app.test_client()
    login(make_user("trainer"), client=trainer_client)
    assert "/quizzes/grading" in trainer_client.get("/").get_data(as_text=True)


def test_a_trainer_writes_a_new_quiz_in_the_editor(client, trainer, publish_quiz):
    publish_quiz()
    assert client.get("/quizzes/manage?new=New Quiz").status_code == 200
    opened = client.get("/quizzes/manage?new=new-quiz")
    assert opened.headers["Location"].endswith("/quizzes/new-quiz/edit")
    from elearn.quizzes.authoring import starter_source

    page = client.get("/quizzes/new-quiz/edit").get_data(as_text=True)
    assert "new-quiz-001" in page
    text = starter_source("new-quiz", course="sample-course")
    response = client.post("/quizzes/new-quiz/edit", data={"source": text, "publish": "1"})
    assert response.status_code == 302 and latest_version("new-quiz").version == 1


def test_reading_a_learners_answers_is_audited(app, client, trainer, make_user, login, publish_quiz):
    from elearn.audit.models import AuditEntry

    publish_quiz()
    other = app.test_client()
    login(make_user("learner"), client=other)
    attempt_id = int(other.post("/quizzes/sample-quiz/start").headers["Location"].rsplit("/", 1)[1])
    other.post(f"/quizzes/attempt/{attempt_id}/submit", data={})
    assert client.get(f"/quizzes/attempt/{attempt_id}/review").status_code == 200
    assert db.session.query(AuditEntry).filter_by(action="quiz.view_attempt").count() == 1


XSS_GIFT = r"""
::xss1::[html]<p onclick\="alert(1)">Pick<script>alert(2)</script></p>{
	=<img src\=x onerror\=alert(3)>safe
	~[markdown]<a href\="javascript\:alert(4)">link</a>
}

::xss2::[markdown]Match <iframe src\="//evil"></iframe>{
	=<b onmouseover\=alert(5)>left</b> -> <script>alert(6)</script>right
	=two -> 2
}
"""


class MainElement(HTMLParser):
    """The tags (with attributes) and text inside the page's <main> element, read by a real HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.closed = False
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main" and not self.closed:
            self.depth += 1
        elif self.depth:
            self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag == "main" and self.depth:
            self.depth -= 1
            self.closed = not self.depth

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def main_element(response) -> MainElement:
    assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
    parsed = MainElement()
    parsed.feed(response.get_data(as_text=True))
    parsed.close()
    assert parsed.closed and parsed.tags, "the page has no complete <main> element"
    return parsed


def test_imported_html_is_sanitised_on_every_page(client, trainer, make_user, login, app, publish_quiz):
    publish_quiz()
    from elearn.core.clock import now
    from elearn.quizzes.authoring import import_gift

    report = import_gift(XSS_GIFT, "xss-quiz", None, now(), course="sample-course")
    assert report.problems == []
    db.session.commit()
    pages = [main_element(client.get("/quizzes/xss-quiz/bank"))]
    learner_client = app.test_client()
    login(make_user("learner"), client=learner_client)
    attempt_id = int(learner_client.post("/quizzes/xss-quiz/start").headers["Location"].rsplit("/", 1)[1])
    pages.append(main_element(learner_client.get(f"/quizzes/attempt/{attempt_id}")))
    assert learner_client.post(f"/quizzes/attempt/{attempt_id}/submit", data={}).status_code == 302
    pages.append(main_element(learner_client.get(f"/quizzes/attempt/{attempt_id}/review")))
    for main in pages:
        for tag, attrs in main.tags:
            assert tag not in ("script", "iframe"), tag
            assert not [name for name in attrs if name.startswith("on")], (tag, attrs)   # no event handler
            assert not (tag == "a" and attrs.get("href", "").strip().lower().startswith("javascript"))
        assert "Pick" in "".join(main.text) or "safe" in "".join(main.text)


def test_item_analysis_of_a_pool_drawing_quiz_uses_slots(app, client, trainer, make_user, login, publish_quiz):
    """Attempts store the slot of each drawn question; alpha is then computed per slot, not left blank."""
    from elearn.quizzes import analysis as analysis_service

    text = (GIFT / "every-type.yml").read_text(encoding="utf-8")
    version = publish_quiz(text, slug="pools", max_attempts=0)
    for answers in ({"q-s1": "0", "q-t1": "false", "q-m1": ["0", "1"], "q-sh1": "2021", "q-n1": "15"},
                    {"q-s1": "1", "q-t1": "true"}, {"q-s1": "0", "q-t1": "true", "q-sh1": "2021"}, {}):
        other = app.test_client()
        login(make_user("learner"), client=other)
        attempt_id = int(other.post("/quizzes/pools/start").headers["Location"].rsplit("/", 1)[1])
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert sorted(entry["slot"] for entry in attempt.layout) == ["1.1", "1.2", "2.1"]
        assert other.post(f"/quizzes/attempt/{attempt_id}/submit", data=answers).status_code == 302
    stats = analysis_service.report(db.session.get(QuizVersion, version.id))["stats"]
    assert stats.count == 4 and stats.cic_basis in ("slots", "questions", "no_variance")
    assert stats.cic_basis != "no_slots"
    html = client.get("/quizzes/pools/analysis").get_data(as_text=True)
    assert "随机猜测得分" in html
