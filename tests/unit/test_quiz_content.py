"""Quiz files -> QuizSpec: every question type reads, and bad files name the line."""

import random
from pathlib import Path

from elearn.quizzes.content import load_quizzes, parse_quiz
from elearn.quizzes.grading import correct_response, grade
from elearn.quizzes.layout import build_layout, draw_questions

REFS = {"civil-code-577": {"status": "in_force"}, "contract-law": {"status": "repealed"}}

GOOD = (Path(__file__).resolve().parents[1] / "fixtures" / "gift" / "every-type.yml").read_text(encoding="utf-8")


def test_a_good_file_reads_every_type():
    spec, problems = parse_quiz(GOOD, "sample-quiz", "quizzes/sample-quiz.yml", REFS)
    assert problems == []
    assert [q.type for q in spec.questions] == [
        "single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "fill", "essay",
        "description"]
    assert spec.grading == "last" and spec.max_attempts == 2 and spec.review.correct_answers == "never"
    multiple = spec.question("m1")
    assert [o.fraction for o in multiple.options] == [0.5, 0.5, -0.5]
    numerical = spec.question("n1").numeric[0]
    assert (numerical.value, numerical.tolerance) == (60.0, 1.0)
    for question in spec.questions:
        if question.graded and question.type != "essay":
            assert grade(question, correct_response(question)).score == question.points


def test_draw_rules_pick_from_tagged_pools():
    spec, _ = parse_quiz(GOOD, "sample-quiz", "q.yml", REFS)
    for seed in range(20):
        drawn = draw_questions(spec, random.Random(seed))
        assert len(drawn) == 3
        assert sum("law" in q.tags for q in drawn) == 2 and sum("craft" in q.tags for q in drawn) == 1


def test_layout_orders_are_permutations_of_keys():
    spec, _ = parse_quiz(GOOD.replace("draw:\n  - {tag: law, count: 2}\n  - {tag: craft, count: 1}\n", ""),
                         "sample-quiz", "q.yml", REFS)
    layout = build_layout(spec, random.Random(3))
    assert [slot["q"] for slot in layout] == [q.id for q in spec.questions]
    by_id = {slot["q"]: slot["order"] for slot in layout}
    assert sorted(by_id["s1"]) == ["0", "1"]
    assert sorted(by_id["o1"]) == ["0", "1", "2"] and by_id["o1"] != ["0", "1", "2"]
    assert sorted(by_id["mt1"]) == ["0", "1", "2"]


def problems_of(text):
    spec, problems = parse_quiz(text, "bad-quiz", "quizzes/bad-quiz.yml", REFS)
    assert spec is None
    return [str(p) for p in problems]


def test_bad_files_name_the_line_and_the_reason():
    bad = GOOD.replace("      - {text: 违约行为, correct: true, feedback: 对}", "      - {text: 违约行为, feedback: 对}")
    bad = bad.replace("[[law:civil-code-577]]", "[[law:contract-law]]").replace("grading: last", "grading: best")
    bad = bad.replace("blanks: [[民法典], [\"2021\"]]", "blanks: [[民法典]]").replace("answer: false", "answer: 不对")
    found = problems_of(bad)
    assert "quizzes/bad-quiz.yml:5: field 'grading' must be one of highest, last, first, average" in found
    assert "quizzes/bad-quiz.yml:15: [[law:contract-law]] cites a repealed law as current" in found
    assert any(p.startswith("quizzes/bad-quiz.yml:16:") and "exactly one option" in p for p in found)
    assert any(p.startswith("quizzes/bad-quiz.yml:32:") and "'answer' must be true or false" in p for p in found)
    assert any(p.startswith("quizzes/bad-quiz.yml:54:") and "blanks {{1}} to {{1}}" in p for p in found)


def test_duplicate_ids_unknown_fields_and_short_pools():
    text = GOOD.replace("  - id: m1\n", "  - id: s1\n").replace("    guidance: 看是否提到分期\n",
                                                              "    guidance: 看是否提到分期\n    answer: x\n")
    text = text.replace("{tag: craft, count: 1}", "{tag: craft, count: 5}")
    found = problems_of(GOOD.replace("{tag: craft, count: 1}", "{tag: craft, count: 5}"))
    assert "quizzes/bad-quiz.yml:9: draw rule asks for 5 questions tagged 'craft' but the bank has 2" in found
    found = problems_of(text)
    assert "quizzes/bad-quiz.yml:20: question id 's1' is used twice" in found
    assert not any("draw rule" in p for p in found)
    assert any("unknown field 'answer'" in p and ":61:" in p for p in found)


def test_invalid_yaml_and_weights():
    assert problems_of("title: [unclosed\n")[0].startswith("quizzes/bad-quiz.yml:")
    weights = GOOD.replace("      - {text: 甲, correct: true}\n      - {text: 乙, correct: true}",
                           "      - {text: 甲, weight: 60}\n      - {text: 乙, weight: 60}")
    assert any("positive weights must add up to 100 (they add up to 120)" in p for p in problems_of(weights))


def test_load_quizzes_reads_a_folder(tmp_path: Path):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "sample-quiz.yml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "quizzes" / "broken.yml").write_bytes("title: 测验".encode("gbk"))
    specs, problems = load_quizzes(tmp_path, REFS)
    assert list(specs) == ["sample-quiz"]
    assert [str(p) for p in problems] == ["quizzes/broken.yml:1: quiz files must be UTF-8"]


def test_quiz_yaml_reads_back_as_the_same_spec():
    from elearn.quizzes.files import quiz_yaml

    spec, _ = parse_quiz(GOOD, "sample-quiz", "q.yml", REFS)
    again, problems = parse_quiz(quiz_yaml(spec), "sample-quiz", "q.yml", REFS)
    assert problems == [] and again == spec


def test_a_gift_bank_written_as_yaml_reads_back_the_same():
    from dataclasses import replace

    from elearn.quizzes.files import quiz_yaml
    from elearn.quizzes.gift import parse_gift

    gift = (Path(__file__).resolve().parents[1] / "fixtures" / "gift" / "full-syntax.gift").read_text(encoding="utf-8")
    spec, _ = parse_quiz(GOOD, "sample-quiz", "q.yml", REFS)
    spec = replace(spec, draw=(), questions=tuple(parse_gift(gift).questions))
    again, problems = parse_quiz(quiz_yaml(spec), "sample-quiz", "q.yml", REFS)
    assert problems == [] and again == spec


def test_drawn_questions_are_stored_with_their_pool_slot():
    spec, _ = parse_quiz(GOOD, "sample-quiz", "q.yml", REFS)
    for seed in range(10):
        layout = build_layout(spec, random.Random(seed))
        assert sorted(entry["slot"] for entry in layout) == ["1.1", "1.2", "2.1"]
        by_id = {q.id: q for q in spec.questions}
        for entry in layout:
            tag = spec.draw[int(entry["slot"].split(".")[0]) - 1].tag
            assert tag in by_id[entry["q"]].tags
        assert [entry["q"] for entry in layout] == [q.id for q in draw_questions(spec, random.Random(seed))]
