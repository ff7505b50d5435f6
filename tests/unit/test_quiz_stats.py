"""Item analysis against values computed by hand (Moodle's formulas, quiz-reference.md §1.6)."""

import math

import pytest

from elearn.quizzes.bank import Accepted, Choice, NumericAnswer, Pair, Question
from elearn.quizzes.stats import (
    AttemptRow,
    cic,
    cic_detail,
    moments,
    quiz_stats,
    random_guess_score,
    response_frequencies,
)

QUESTIONS = [Question(id=f"q{i}", type="truefalse", stem="?", answer=True) for i in (1, 2, 3)]
#            q1 q2 q3   X
# attempt A   1  1  1   3
# attempt B   1  1  0   2
# attempt C   1  0  0   1
# attempt D   0  0  1   1
ROWS = [AttemptRow(dict(zip(("q1", "q2", "q3"), marks, strict=True)), 3.0)
        for marks in ((1, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 1))]


@pytest.fixture(scope="module")
def report():
    return quiz_stats(QUESTIONS, ROWS)


def test_facility_and_standard_deviation(report):
    q1, q2, q3 = report.questions
    assert q1.facility == pytest.approx(75.0)
    assert q1.sd == pytest.approx(50.0)            # var = 0.75 / 3 = 0.25
    assert q2.facility == pytest.approx(50.0)
    assert q2.sd == pytest.approx(100 * math.sqrt(1 / 3))


def test_discrimination_index_is_the_correlation_with_the_rest(report):
    q1, q2, q3 = report.questions
    assert q1.discrimination == pytest.approx(0.0)  # cov(x, R) = 0
    # q2: cov = (0.375 - 0.125 + 0.125 + 0.125) / 3 = 1/6; var x = 1/3; var R = 0.75 / 3
    assert q2.discrimination == pytest.approx(100 * (1 / 6) / math.sqrt(1 / 3 * 0.25))   # 57.735
    # q3: cov = -1/6; var R = 2.75 / 3
    assert q3.discrimination == pytest.approx(100 * (-1 / 6) / math.sqrt(1 / 3 * 2.75 / 3))  # -30.151
    assert q3.discrimination == pytest.approx(-30.151, abs=1e-3)


def test_discriminative_efficiency_pairs_sorted_marks(report):
    q1, q2, q3 = report.questions
    assert q2.efficiency == pytest.approx(100.0)   # sorted pairing gives the same covariance
    assert q3.efficiency == pytest.approx(100 * (-1 / 6) / 0.5)   # covmax = 1.5 / 3


def test_flags(report):
    q1, q2, q3 = report.questions
    assert "negative_discrimination" in q3.flags and "negative_covariance" not in q3.flags
    assert "weak_discrimination" in q1.flags and q2.flags == ()
    easy = quiz_stats(QUESTIONS, [AttemptRow({"q1": 1, "q2": 1, "q3": m}, 3.0) for m in (0, 1, 1, 0)])
    assert "too_easy" in easy.questions[0].flags


def test_quiz_level_figures(report):
    assert report.count == 4
    assert report.mean == pytest.approx(175 / 3)          # (100 + 66.67 + 33.33 + 33.33) / 4
    assert report.median == pytest.approx(50.0)
    assert report.sd == pytest.approx(100 / 3 * math.sqrt(2.75 / 3))
    assert report.cic == pytest.approx(0.0)               # Σ var(xᵢ) = var(X) = 11/12
    assert report.error_ratio == pytest.approx(100.0)


def test_weights(report):
    assert [q.intended_weight for q in report.questions] == pytest.approx([100 / 3] * 3)
    # cov(xᵢ, X): q1 = 0.25, q2 = 0.5, q3 = 1/6
    roots = [math.sqrt(0.25), math.sqrt(0.5), math.sqrt(1 / 6)]
    assert [q.effective_weight for q in report.questions] == pytest.approx([100 * r / sum(roots) for r in roots])


def test_cronbach_alpha_of_a_perfectly_consistent_quiz():
    rows = [AttemptRow({"a": m, "b": m}, 2.0) for m in (1, 0, 1)]
    assert cic(rows, ["a", "b"]) == pytest.approx(100.0)
    assert cic(rows[:1], ["a", "b"]) is None


def test_skewness_and_kurtosis_use_sample_corrected_moments():
    skew, kurt = moments([1, 2, 3, 4])
    assert skew == pytest.approx(0.0) and kurt == pytest.approx(-1.2)
    skew, _ = moments([0, 0, 0, 10])
    assert skew == pytest.approx(2.0)


def test_response_frequencies():
    q = Question(id="s", type="single", stem="?", options=(Choice("0", "a", 1.0), Choice("1", "b", 0.0)))
    assert response_frequencies(q, ["0", "1", "0", None]) == {"0": 2, "1": 1}


def test_no_attempts_gives_an_empty_report():
    report = quiz_stats(QUESTIONS, [])
    assert report.count == 0 and report.mean is None and report.questions[0].facility is None


# A pool-drawing quiz with two slots: slot 1.1 draws a or b, slot 2.1 draws c or d (worked by hand).
#            slot 1.1  slot 2.1   X
# attempt A   a = 1     c = 1     2
# attempt B   b = 1     d = 1     2
# attempt C   a = 0     d = 1     1
# attempt D   b = 0     c = 0     0
# Var(slot 1.1) = 1/3, Var(slot 2.1) = 0.75/3, Var(X) = 2.75/3
# CIC = 100 · 2/1 · (1 − (1/3 + 1/4) / (11/12)) = 100 · 8/11 = 72.727
POOL_QUESTIONS = [Question(id=q, type="truefalse", stem="?", answer=True) for q in "abcd"]
POOL_ROWS = [AttemptRow({q1: m1, q2: m2}, 2.0, {"1.1": q1, "2.1": q2})
             for (q1, m1), (q2, m2) in ((("a", 1), ("c", 1)), (("b", 1), ("d", 1)),
                                        (("a", 0), ("d", 1)), (("b", 0), ("c", 0)))]


def test_cronbach_alpha_of_a_pool_drawing_quiz_is_computed_per_slot():
    assert cic_detail(POOL_ROWS, list("abcd")) == (pytest.approx(800 / 11), "slots")
    report = quiz_stats(POOL_QUESTIONS, POOL_ROWS)
    assert report.cic == pytest.approx(72.727, abs=1e-3) and report.cic_basis == "slots"
    assert report.error_ratio == pytest.approx(100 * math.sqrt(1 - 8 / 11))


def test_cronbach_alpha_says_why_it_is_not_computed():
    unslotted = [AttemptRow(dict(r.marks), r.max_total) for r in POOL_ROWS]
    assert cic_detail(unslotted, list("abcd")) == (None, "no_slots")
    assert quiz_stats(POOL_QUESTIONS, unslotted).cic_basis == "no_slots"
    assert cic_detail(POOL_ROWS[:1], list("abcd")) == (None, "few_attempts")
    assert cic_detail([AttemptRow({"a": 1, "b": 0}, 2.0)] * 3, ["a", "b"]) == (None, "no_variance")
    assert cic_detail(ROWS, ["q1"]) == (None, "few_items")


def test_an_ungraded_description_in_the_marks_does_not_stop_alpha():
    with_text = [AttemptRow({**r.marks, "intro": 0.0}, r.max_total) for r in ROWS]
    intro = Question(id="intro", type="description", stem="说明", points=0)
    assert quiz_stats([intro, *QUESTIONS], with_text).cic == pytest.approx(0.0)
    assert quiz_stats([intro, *QUESTIONS], with_text).cic_basis == "questions"


@pytest.mark.parametrize(("question", "guess"), [
    (Question(id="s", type="single", stem="?", options=tuple(
        Choice(str(i), t, f) for i, (t, f) in enumerate((("a", 1.0), ("b", 0.5), ("c", 0.0), ("d", -0.5))))), 0.25),
    (Question(id="m", type="multiple", stem="?", options=(Choice("0", "a", 0.5), Choice("1", "b", 0.5))), None),
    (Question(id="t", type="truefalse", stem="?", answer=False), 0.5),
    (Question(id="p", type="matching", stem="?", pairs=(Pair("a", "1"), Pair("b", "2"), Pair("c", "1")),
              distractors=("3",)), 1 / 3),                                  # 3 distinct answers offered
    (Question(id="sh", type="short", stem="?", accepted=(Accepted("民法典"), Accepted("*", 0.2))), 0.2),
    (Question(id="sh0", type="short", stem="?", accepted=(Accepted("民法典"),)), 0.0),
    (Question(id="n", type="numerical", stem="?", numeric=(NumericAnswer(42.0, 1.0, 1.0),
                                                          NumericAnswer(None, 0.0, 0.1))), 0.1),
    (Question(id="n0", type="numerical", stem="?", numeric=(NumericAnswer(42.0, 0.0, 1.0),)), 0.0),
    (Question(id="f", type="fill", stem="{{1}} {{2}}", blanks=(("甲",), ("*",))), 0.5),
    (Question(id="e", type="essay", stem="?", points=5), 0.0),
    (Question(id="o", type="ordering", stem="?", items=("1", "2", "3")), 0.0),
])
def test_random_guess_score_per_question_type(question, guess):
    assert random_guess_score(question) == (None if guess is None else pytest.approx(guess))


def test_random_guess_score_is_reported_in_percent():
    assert [q.random_guess for q in quiz_stats(QUESTIONS, ROWS).questions] == [50.0, 50.0, 50.0]
