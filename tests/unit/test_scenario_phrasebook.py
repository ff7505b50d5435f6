"""Pulling the quoted do/don't phrasings out of a lesson's tables, and measuring rules on them."""

from elearn.scenarios.freetext import compile_pattern
from elearn.scenarios.phrasebook import lesson_phrases, measure
from elearn.scenarios.schema import Rule, Text

LESSON = """# 课

| 可以这样说 | 不要这样说 |
|---|---|
| “请说一下卡号后四位。” | “你这个老赖。” |
| “我理解。” | “法律规定你可以停息。” / “停息是骗人的。” |
| 对方答对两项后再进入正题 | 对方说“嗯，是我”就报金额 |

| 不能说 | 为什么 |
|:--|:--|
| “你死了家人也得还。” | “这句”在为什么一栏，不算 |

| 项目 | 说明 |
|---|---|
| “无关” | “无关” |
"""


def test_only_quoted_cells_of_do_and_dont_columns_are_phrasings():
    found = [(p.kind, p.text, p.where) for p in lesson_phrases(LESSON, "l.md")]
    assert found == [
        ("do", "请说一下卡号后四位。", "l.md:5"), ("dont", "你这个老赖。", "l.md:5"),
        ("do", "我理解。", "l.md:6"), ("dont", "法律规定你可以停息。", "l.md:6"), ("dont", "停息是骗人的。", "l.md:6"),
        ("dont", "你死了家人也得还。", "l.md:11"),
    ]


def test_measure_counts_catches_and_misfires():
    rules = [Rule("A1", Text("A1"), "critical", Text(""), ("x",), (compile_pattern("老赖"), compile_pattern("理解")))]
    result = measure(lesson_phrases(LESSON), rules)
    assert (len(result.caught), result.dont_total, len(result.misfired), result.do_total) == (1, 4, 1, 2)
    assert result.catch_rate == 0.25 and result.false_positive_rate == 0.5
    assert result.misfired[0][1] == "A1:理解"
    assert measure([], rules).catch_rate == 1.0


def test_scripted_options_are_phrasings_marked_by_their_violations():
    from pathlib import Path

    from elearn.scenarios.content import read_scenario
    from elearn.scenarios.phrasebook import scenario_phrases

    root = Path(__file__).resolve().parents[2]
    scenario = read_scenario(root / "courses/compliant-conduct/scenarios/first-contact.yml", root)[0].scenario
    phrases = scenario_phrases(scenario)
    options = [o for n in scenario.nodes.values() for o in n.options]
    assert len(phrases) == len(options) and {p.kind for p in phrases} == {"do", "dont"}
    assert [p.kind == "dont" for p in phrases] == [bool(o.violations) for o in options]
    assert phrases[0].where.startswith("courses/compliant-conduct/scenarios/first-contact.yml:")
