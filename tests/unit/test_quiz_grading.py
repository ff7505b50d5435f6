"""The pure grading engine: one grader per type, Chinese input normalisation, and invariants."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.quizzes.bank import Accepted, Choice, NumericAnswer, Pair, Question
from elearn.quizzes.grading import (
    GRADERS,
    correct_response,
    feedback_for,
    grade,
    grade_attempt,
    normalise,
    parse_number,
)


def q(qtype, **fields):
    fields.setdefault("stem", "?")
    return Question(id="q", type=qtype, points=fields.pop("points", 2.0), **fields)


SINGLE = q("single", options=(Choice("0", "甲", 1.0, "对"), Choice("1", "乙", 0.0, "错"), Choice("2", "丙", 0.5)))
MULTI = q("multiple", options=(Choice("0", "a", 0.5), Choice("1", "b", 0.5), Choice("2", "c", -1.0, "不对")))
TF = q("truefalse", answer=False, feedback_true="错了", feedback_false="对了")
SHORT = q("short", accepted=(Accepted("民法典"), Accepted("中华人民共和国民法典"), Accepted("民法", 0.5, "不完整"),
                              Accepted("Civil Code")))
NUM = q("numerical", numeric=(NumericAnswer(60.0, 0.0, 1.0), NumericAnswer(60.0, 5.0, 0.5, "接近"),
                              NumericAnswer(None, 0.0, 0.0, "差太远")))
MATCH = q("matching", pairs=(Pair("本金", "principal"), Pair("利息", "interest"), Pair("违约金", "penalty")),
          distractors=("fee",))
ORDER = q("ordering", items=("表明身份", "核实身份", "说明欠款", "协商方案"))
FILL = q("fill", stem="{{1}}于{{2}}年施行", blanks=(("民法典",), ("2021", "二〇二一")))
ESSAY = q("essay")
ALL = [SINGLE, MULTI, TF, SHORT, NUM, MATCH, ORDER, FILL]


def score(question, response):
    return grade(question, response).score


def test_every_type_has_a_grader():
    assert set(GRADERS) == {"single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "fill"}


def test_single_choice_scores_the_chosen_option():
    assert score(SINGLE, "0") == 2.0
    assert score(SINGLE, "1") == 0.0
    assert score(SINGLE, "2") == 1.0
    assert score(SINGLE, "9") == 0.0
    assert grade(SINGLE, None).answered is False


def test_multiple_choice_partial_credit_never_below_zero():
    assert score(MULTI, ["0", "1"]) == 2.0
    assert score(MULTI, ["0"]) == 1.0
    assert score(MULTI, ["0", "2"]) == 0.0
    assert score(MULTI, ["0", "1", "2"]) == 0.0
    assert score(MULTI, ["0", "0", "0"]) == 1.0


def test_thirds_add_up_to_full_marks():
    thirds = q("multiple", options=tuple(Choice(str(i), t, 0.3333333) for i, t in enumerate("abc")))
    assert score(thirds, ["0", "1", "2"]) == 2.0


def test_true_false_accepts_bool_or_text():
    assert score(TF, False) == 2.0
    assert score(TF, "false") == 2.0
    assert score(TF, True) == 0.0
    assert feedback_for(TF, True) == ["错了"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("民法典", 2.0), (" 民 法 典 ", 2.0), ("民法典。", 2.0), ("“民法典”", 2.0), ("中华人民共和国民法典！", 2.0),
     ("民法", 1.0), ("civil code", 2.0), ("ＣＩＶＩＬ　ＣＯＤＥ", 2.0), ("合同法", 0.0), ("", 0.0)],
)
def test_short_answer_normalises_chinese_input(typed, expected):
    assert score(SHORT, typed) == expected


def test_normalise_full_width_spaces_and_case():
    assert normalise("　Ａｂｃ　１２３，") == "abc123"
    assert normalise("（民法典）") == "民法典"


def test_short_answer_wildcard():
    wild = q("short", accepted=(Accepted("第*条"), Accepted("*", 0.0, "完全不对")))
    assert score(wild, "第一千零三十三条") == 2.0
    assert score(wild, "不知道") == 0.0
    assert feedback_for(wild, "不知道") == ["完全不对"]


@pytest.mark.parametrize(
    ("typed", "expected"), [("60", 2.0), ("６０", 2.0), ("60.0", 2.0), ("63", 1.0), ("55", 1.0), ("54.9", 0.0),
                            ("六十", 0.0), ("1,000", 0.0)],
)
def test_numerical_tolerance_and_full_width_digits(typed, expected):
    assert score(NUM, typed) == expected


def test_parse_number():
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("nan") is None
    assert parse_number("") is None


def test_matching_counts_each_pair():
    assert score(MATCH, {"0": "0", "1": "1", "2": "2"}) == 2.0
    assert score(MATCH, {"0": "0", "1": "3", "2": "2"}) == pytest.approx(4 / 3, abs=1e-4)
    assert score(MATCH, {"0": "x"}) == 0.0


def test_ordering_counts_items_in_place():
    assert score(ORDER, ["0", "1", "2", "3"]) == 2.0
    assert score(ORDER, ["1", "0", "2", "3"]) == 1.0
    assert score(ORDER, ["0", "0", "0", "0"]) == 0.0


def test_fill_counts_each_blank():
    assert score(FILL, ["民法典", "２０２１"]) == 2.0
    assert score(FILL, ["合同法", "二〇二一"]) == 1.0
    assert score(FILL, ["民法典"]) == 1.0


def test_essay_is_pending_until_a_trainer_grades_it():
    pending = grade(ESSAY, "我会先表明身份")
    assert pending.pending and pending.score == 0
    assert grade(ESSAY, "answer", manual=1.5).score == 1.5
    assert grade(ESSAY, "answer", manual=9).score == 2.0
    assert grade(ESSAY, "").pending is False


def test_description_carries_no_points():
    mark = grade(q("description"), None)
    assert mark.points == 0 and mark.score == 0


def test_attempt_with_essay_is_pending_and_description_adds_nothing():
    questions = [Question(id="tf", type="truefalse", stem="?", answer=True),
                 Question(id="essay", type="essay", stem="?", points=3),
                 Question(id="intro", type="description", stem="...", points=0)]
    result = grade_attempt(questions, {"tf": True, "essay": "我的回答"})
    assert (result.total, result.score, result.pending) == (4.0, 1.0, True)
    graded = grade_attempt(questions, {"tf": True, "essay": "我的回答"}, manual={"essay": 2})
    assert (graded.score, graded.pending, graded.percent) == (3.0, False, 75.0)


def test_attempt_percent_with_distinct_ids():
    questions = [Question(id=f"q{i}", type="truefalse", stem="?", answer=True) for i in range(4)]
    result = grade_attempt(questions, {"q0": True, "q1": True, "q2": False})
    assert (result.score, result.total, result.percent, result.pending) == (2.0, 4.0, 50.0, False)


@pytest.mark.parametrize("question", ALL, ids=lambda x: x.type)
def test_the_correct_response_scores_full_marks(question):
    assert score(question, correct_response(question)) == question.points


responses = st.one_of(
    st.none(), st.booleans(), st.text(max_size=8), st.integers(-5, 70).map(str),
    st.lists(st.sampled_from(["0", "1", "2", "3", "4", "x"]), max_size=6),
    st.dictionaries(st.sampled_from(["0", "1", "2"]), st.sampled_from(["0", "1", "2", "3", "9"])),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL), responses)
def test_a_score_is_always_between_zero_and_the_points(question, response):
    mark = grade(question, response)
    assert 0.0 <= mark.score <= question.points


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([SINGLE, MULTI]), st.integers(0, 10_000), responses)
def test_shuffling_the_display_never_changes_a_score(question, seed, response):
    """Responses name keys, not positions: the same choices score the same whatever order was shown."""
    rng = random.Random(seed)
    shuffled = list(question.options)
    rng.shuffle(shuffled)
    reordered = Question(**{**question.__dict__, "options": tuple(shuffled)})
    assert grade(reordered, response).score == grade(question, response).score


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-100, 100), min_size=2, max_size=6), st.data())
def test_multiple_choice_with_any_weights_stays_in_range(weights, data):
    question = q("multiple", options=tuple(Choice(str(i), str(i), w / 100) for i, w in enumerate(weights)))
    chosen = data.draw(st.lists(st.sampled_from([str(i) for i in range(len(weights))]), unique=True))
    assert 0.0 <= score(question, chosen) <= question.points


words = st.text(alphabet="甲乙丙丁民法典合同abcXYZ ", min_size=1, max_size=6).filter(lambda t: t.strip() and "*" not in t)


@st.composite
def questions(draw):
    """Random questions of every auto-graded type, valid as the loader would accept them."""
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "short", "numerical", "matching", "ordering",
                                 "fill"]))
    points = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))
    n = draw(st.integers(2, 6))
    if kind == "single":
        right = draw(st.integers(0, n - 1))
        fields = {"options": tuple(Choice(str(i), str(i), 1.0 if i == right else draw(st.sampled_from([0.0, 0.5])))
                                   for i in range(n))}
    elif kind == "multiple":
        k = draw(st.integers(1, n - 1))
        fields = {"options": tuple(Choice(str(i), str(i), round(1 / k, 7) if i < k else -draw(st.floats(0, 1)))
                                   for i in range(n))}
    elif kind == "truefalse":
        fields = {"answer": draw(st.booleans())}
    elif kind == "short":
        fields = {"accepted": tuple(Accepted(w) for w in draw(st.lists(words, min_size=1, max_size=3)))}
    elif kind == "numerical":
        fields = {"numeric": (NumericAnswer(draw(st.floats(-1e6, 1e6)), draw(st.floats(0, 10))),)}
    elif kind == "matching":
        lefts = draw(st.lists(words, min_size=2, max_size=5, unique=True))
        fields = {"pairs": tuple(Pair(left, draw(words)) for left in lefts), "distractors": (draw(words),)}
    elif kind == "ordering":
        fields = {"items": tuple(draw(st.lists(words, min_size=2, max_size=6, unique=True)))}
    else:
        fields = {"blanks": tuple(tuple(draw(st.lists(words, min_size=1, max_size=2))) for _ in range(n))}
    return Question(id="r", type=kind, stem="?", points=points, **fields)


@settings(max_examples=300, deadline=None)
@given(questions())
def test_all_correct_scores_full_marks_for_any_question(question):
    assert grade(question, correct_response(question)).score == question.points


@settings(max_examples=200, deadline=None)
@given(questions(), st.integers(0, 10_000))
def test_the_display_order_is_a_permutation_that_never_gives_the_answer_away(question, seed):
    """Options, matching answers and ordering items are shown as a permutation of the grader's keys; matching and
    ordering are never shown in answer order (that would give the answer away)."""
    from elearn.quizzes.layout import display_order

    shown = display_order(question, True, random.Random(seed))
    expected = {"single": len(question.options), "multiple": len(question.options),
                "matching": len(question.right_choices()), "ordering": len(question.items)}.get(question.type, 0)
    assert sorted(shown, key=int) == [str(i) for i in range(expected)]
    if question.type in ("ordering", "matching") and expected > 1:
        assert shown != [str(i) for i in range(expected)]
