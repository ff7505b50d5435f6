"""Moodle GIFT import and export over our own files covering the whole syntax."""

from dataclasses import replace
from pathlib import Path

import pytest

from elearn.quizzes.bank import Accepted, Choice, Question
from elearn.quizzes.content import parse_quiz
from elearn.quizzes.gift import GiftError, decode, parse_gift
from elearn.quizzes.gift_export import export_gift

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gift"


@pytest.fixture(scope="module")
def full():
    result = parse_gift((FIXTURES / "full-syntax.gift").read_text(encoding="utf-8"))
    assert result.problems == []
    return {q.name or q.id: q for q in result.questions}


def test_every_question_of_the_full_file_is_read(full):
    assert len(full) == 23
    types = {q.type for q in full.values()}
    assert types == {"description", "essay", "single", "multiple", "numerical", "matching", "truefalse", "short",
                     "fill"}


def test_description_and_essays(full):
    assert full["说明"].type == "description" and full["说明"].points == 0
    essay = full["还款方案"]
    assert (essay.type, essay.points, essay.guidance) == ("essay", 5.0, "看是否提到分期与减免")
    assert full["Essay with feedback"].explanation.startswith("A good answer names the bank")


def test_ids_tags_and_categories(full):
    assert full["单选"].id == "mc-single"
    assert full["单选"].tags == ("breach", "Civil Code") and full["单选"].law == ("civil-code-577",)
    assert full["Tagged"].id == "idnumber-q" and full["Tagged"].tags == ("tag", "other-tag", "Numbers")
    assert full["Exact number"].id == "exact-number"


def test_single_choice_weights_and_feedback(full):
    q = full["单选"]
    assert [(o.text, o.fraction, o.feedback) for o in q.options] == [
        ("违约行为", 1.0, "对。"), ("犯罪行为", 0.0, "普通的还不上钱是民事问题。"), ("合同纠纷", 0.5, "部分正确。")]
    assert q.explanation == "未按约定还款是不履行合同义务。"


def test_missing_word_puts_a_blank_in_the_stem(full):
    q = full["Missing word"]
    assert q.type == "single" and q.stem == "Grant is _____ in Grant's tomb."


def test_no_equals_means_multiple_answers_with_negative_weights(full):
    assert [o.fraction for o in full["多选"].options] == [0.5, 0.5, -1.0]


def test_numerical_forms(full):
    assert [(a.value, a.tolerance) for a in full["Exact number"].numeric] == [(1822.0, 0.0)]
    assert [(a.value, a.tolerance) for a in full["Tolerance"].numeric] == [(3.141, 0.0005)]
    assert [(a.value, a.tolerance) for a in full["Range"].numeric] == [(3.0, 2.0)]
    several = full["Several numbers"].numeric
    assert [(a.value, a.tolerance, a.fraction) for a in several] == [(1822.0, 0, 1.0), (1822.0, 2.0, 0.5),
                                                                    (None, 0, 0.0)]
    assert several[2].feedback == "Not even close."


def test_matching_with_a_distractor(full):
    q = full["Matching"]
    assert [(p.left, p.right) for p in q.pairs] == [("Canada", "Ottawa"), ("Italy", "Rome"), ("Japan", "Tokyo")]
    assert q.distractors == ("Canberra",) and q.explanation == "Capitals are where the government sits."


def test_true_false_feedback_goes_to_the_answer_given(full):
    q = full["TF false with feedback"]
    assert q.answer is False
    assert q.feedback_true == 'It rises in the east, so "true" is wrong.'
    assert q.feedback_false == "Right, it rises in the east."
    assert full["TRUE word"].answer is True and full["TF true"].answer is True


def test_short_answers_weights_and_wildcard(full):
    assert [a.text for a in full["Short answer"].accepted] == ["no one", "nobody"]
    assert [(a.text, a.fraction) for a in full["Short weighted"].accepted] == [
        ("four", 1.0), ("4", 1.0), ("for", 0.5), ("*", 0.0)]


def test_a_blank_in_the_middle_with_plain_answers_is_a_fill_in(full):
    q = full["Fill blank"]
    assert q.type == "fill" and q.stem == "合同法已被{{1}}废止。"
    assert q.blanks == (("民法典", "中华人民共和国民法典"),)


def test_escapes_and_newlines(full):
    q = full["Escapes"]
    assert q.stem == "Which characters does GIFT escape: ~ = # { } and \\ ?"
    assert q.options[0].text == "all of ~ = # { }" and q.options[0].feedback == "yes #1"
    assert full["Newline"].stem == "First line  \nSecond line"          # a Markdown hard break, shown as <br>


def test_an_escaped_newline_is_a_line_break_that_survives_the_round_trip():
    from elearn.courses.markdown import render_markdown

    first = parse_gift("::nl::第一行\\n第二行{T}").questions[0]
    assert first.stem == "第一行  \n第二行" and "<br" in render_markdown(first.stem, {})
    again = parse_gift(export_gift([first])[0]).questions[0]
    assert again.stem == first.stem
    assert parse_gift("::h::[html]<p>a\\nb</p>{T}").questions[0].stem == "<p>a\nb</p>"


def test_formats_and_html_is_sanitised(full):
    q = full["HTML format"]
    assert q.format == "html" and "<script>" not in q.stem and "<b>bold</b>" in q.stem
    assert q.options[0].text == "&lt;b&gt;" and q.options[0].feedback == "<i>right</i>"
    assert full["Markdown format"].format == "markdown" and full["Plain format"].format == "plain"


def test_export_then_import_gives_the_same_bank(full):
    text, skipped = export_gift(list(full.values()))
    assert skipped == []
    again = parse_gift(text)
    assert again.problems == []
    assert again.questions == list(full.values())


def test_yaml_bank_round_trips_and_reports_what_gift_cannot_hold():
    text = (FIXTURES / "every-type.yml").read_text(encoding="utf-8")
    spec, _ = parse_quiz(text, "sample-quiz", "q.yml", {"civil-code-577": {"status": "in_force"}})
    text, skipped = export_gift(list(spec.questions))
    assert [qid for qid, _ in skipped] == ["o1", "f1"]
    again = parse_gift(text)
    assert again.problems == []
    exported = [q for q in spec.questions if q.id not in ("o1", "f1")]
    # the YAML questions have no name; GIFT import names them from their text, as Moodle does
    names = ["逾期未还款属于？[[law:civil-code-577]]", "哪些违规？", "合同法仍然有效。", "民法典哪年施行？", "几天？",
             "配对", "简述", "说明文字"]
    assert [q.name for q in exported] == [""] * len(names)
    assert again.questions == [replace(q, name=name) for q, name in zip(exported, names, strict=True)]
    text, _ = export_gift(again.questions)
    assert parse_gift(text).questions == again.questions     # once named, the round trip is exact


def test_bad_input_names_line_and_reason_and_keeps_the_good_ones():
    result = parse_gift((FIXTURES / "bad.gift").read_text(encoding="utf-8"))
    assert [q.id for q in result.questions] == ["ok", "also-ok"]
    assert result.problems == [
        (4, "the answer block '{' is not closed with '}'"),
        (6, "a multiple choice question needs at least 2 answers"),
        (8, "'abc' is not a number, a number:tolerance or a min..max range"),
        (10, "matching entry 'c' has no '->'"),
        (12, "bad weight in '%abc%x': write %50% or %-33.3%"),
    ]


def test_non_utf8_files_are_refused():
    with pytest.raises(GiftError, match="GIFT format files must use UTF-8"):
        decode("题目{T}".encode("gbk"))
    assert decode("\ufeff题目{T}".encode()) == "题目{T}"


def test_export_writes_moodle_shapes():
    single = Question(id="a", type="single", stem="1+1=?", name="Sum",
                      options=(Choice("0", "2", 1.0, "yes"), Choice("1", "3", 0.0)), explanation="basic")
    short = Question(id="b", type="short", stem="Say hi", accepted=(Accepted("hi"),), points=2)
    text, _ = export_gift([single, short])
    assert "::Sum::[markdown]1+1\\=?{\n\t=2#yes\n\t~3\n\t####basic\n}" in text
    assert "// [id:b] [points:2]" in text and "\t=%100%hi\n" in text


def test_a_file_written_by_moodles_exporter_imports():
    result = parse_gift((FIXTURES / "moodle-export.gift").read_text(encoding="utf-8"))
    assert result.problems == []
    by_name = {q.name: q for q in result.questions}
    assert [q.type for q in result.questions] == [
        "single", "multiple", "numerical", "short", "truefalse", "matching", "essay", "description"]
    assert all(q.tags == ("Default for 催收合规",) and q.format == "html" for q in result.questions)
    single = by_name["单选-违约"]
    assert single.stem == "<p>持卡人逾期未还款属于什么？</p>"
    assert [(o.text, o.fraction, o.feedback) for o in single.options] == [
        ("<p>违约行为</p>", 1.0, "<p>对。</p>"), ("<p>犯罪行为</p>", 0.0, "<p>不对。</p>")]
    assert single.explanation == "<p>未按约定还款是不履行合同义务。</p>"
    assert [(a.value, a.tolerance, a.fraction) for a in by_name["数值"].numeric] == [(3.0, 0.0, 1.0), (3.0, 1.0, 0.5)]
    assert by_name["判断"].feedback_true == "<p>已废止。</p>" and by_name["判断"].feedback_false == "<p>对。</p>"
    assert by_name["配对"].distractors == ("fee",) and by_name["说明"].points == 0
