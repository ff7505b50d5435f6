"""Free-text normalising, rule detection, intent routing, and the condition language."""

import pytest

from elearn.scenarios.conditions import ConditionError, parse
from elearn.scenarios.freetext import compile_pattern, normalise, route, sentences, violations_in
from elearn.scenarios.loader import load_rules
from elearn.scenarios.schema import Move, Rule, Text


def rule(code, *patterns):
    return Rule(code, Text(code), "critical", Text(""), ("x",), tuple(compile_pattern(p) for p in patterns))


def test_normalise_folds_width_case_spaces_and_punctuation():
    assert normalise("  老 赖！ＡＢＣ，１２３。\n") == "老赖abc123"
    assert normalise("6225 8812-3456 4821") == "6225881234564821"


def test_violations_report_the_matched_words_once_per_rule():
    rules = [rule("A1", "老赖", "骗子"), rule("I3", r"\d{12,19}"), rule("F2", "网贷")]
    hits = violations_in("你这个老 赖、骗子！卡号６２２５ ８８１２ ３４５６ ４８２１", rules)
    assert [(h.code, h.words) for h in hits] == [("A1", "老赖"), ("I3", "6225881234564821")]


def test_patterns_are_normalised_like_the_text():
    assert violations_in("通知 你的 单位", [rule("P3", "通知你[的们]?单位")])[0].words == "通知你的单位"
    assert violations_in("ＷＥＣＨＡＴ", [rule("S1", "WeChat")])


def test_route_picks_the_first_matching_intent_whose_condition_holds():
    late = Move("late", "a", when=parse("trust >= 2"), match=(compile_pattern("尾号"),))
    first = Move("first", "b", match=(compile_pattern("后四位|尾号"),))
    assert route("请说一下尾号", [late, first], {"trust": 0}).id == "first"
    assert route("请说一下尾号", [late, first], {"trust": 3}).id == "late"
    assert route("你好", [late, first], {"trust": 3}) is None


@pytest.mark.parametrize(("source", "env", "expected"), [
    ("flags.hardship and trust >= 1", {"flags.hardship": True, "trust": 1}, True),
    ("not flags.verified or mood < -2", {"flags.verified": True, "mood": -3}, True),
    ("not (flags.verified or mood < -2)", {"flags.verified": False, "mood": 0}, True),
    ("trust > 1 and mood > 1 or flags.x", {"trust": 0, "mood": 0, "flags.x": True}, True),
    ("trust == -2", {"trust": -2}, True),
    ("flags.x == false", {"flags.x": False}, True),
])
def test_conditions_evaluate(source, env, expected):
    assert parse(source).evaluate(env) is expected


@pytest.mark.parametrize("source", ["", "trust >=", "trust >= 1 and", "(trust > 1", "trust => 1", "mood @ 2",
                                    "and trust", "trust 1"])
def test_malformed_conditions_are_refused(source):
    with pytest.raises(ConditionError):
        parse(source)


def test_condition_lists_the_state_it_reads():
    assert parse("flags.a and (trust > 1 or not flags.b)").names == {"flags.a", "flags.b", "trust"}


def rule_unless(code, patterns, unless):
    return Rule(code, Text(code), "critical", Text(""), ("x",), tuple(compile_pattern(p) for p in patterns),
                unless=tuple(compile_pattern(p) for p in unless))


def test_text_splits_into_sentences_of_clauses_but_not_at_a_thousands_comma():
    assert sentences("今天不还4,100，明天就上门！好吗？") == [["今天不还4100", "明天就上门"], ["好吗"]]
    assert sentences(" 。，") == []


@pytest.mark.parametrize(("text", "fires"), [
    ("我不会说您被通缉", False),
    ("您没有被通缉，请放心", False),
    ("银行不会向您索要密码或验证码", False),
    ("还了就不会通缉你", True),  # a condition's consequence, not a denial
    ("我不会骗你，你已经被通缉了", True),  # the negation is in another clause
    ("我不会骗你你真的已经被人在网上通缉", True),  # the negation is more than 8 characters before
    ("你已经被通缉了", True),
])
def test_a_negation_just_before_the_words_in_the_same_clause_cancels_them(text, fires):
    assert bool(violations_in(text, [rule("D2", "通缉", "验证码")])) is fires


def test_unless_excuses_the_whole_sentence_but_not_the_next_one():
    d2 = rule_unless("D2", ["通缉"], ["只有公安机关"])
    assert violations_in("通缉令只有公安机关才能发布", [d2]) == ()
    assert violations_in("通缉令，只有公安机关能发", [d2]) == ()
    assert violations_in("只有公安机关能发通缉令。你已经被通缉了", [d2])[0].words == "通缉"


def test_the_rules_loader_reads_unless_and_reports_a_bad_pattern():
    text = "D2:\n  title: x\n  severity: critical\n  explain: x\n  law: [a]\n  patterns: [通缉]\n  unless: ['只有(']\n"
    rules, problems = load_rules("r.yml", text)
    assert [(p.line, "bad pattern" in p.message) for p in problems] == [(7, True)]
    rules, problems = load_rules("r.yml", text.replace("只有(", "只有公安"))
    assert problems == [] and rules["D2"].unless[0].pattern == "只有公安"


@pytest.mark.parametrize(("text", "fires"), [
    ("有人冒充警察说“你已经被通缉了”，那是诈骗", False),
    ("如果有人说「你被通缉了」，那是假冒的", False),
    ("你已经被“通缉”了", True),  # quotation marks for emphasis
    ("有人冒充银行打电话。“你已经被通缉了”", True),  # the warning is in another sentence
])
def test_a_quote_called_a_scam_in_its_sentence_is_a_mention_not_a_use(text, fires):
    assert bool(violations_in(text, [rule("D2", "通缉")])) is fires
