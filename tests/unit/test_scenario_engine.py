"""The pure scenario engine: start/advance, caps, hours, free text, grading."""

import pytest

from elearn.scenarios.engine import ChoiceError, advance, available, grade, replay, start
from elearn.scenarios.loader import load_rules, load_scenario
from elearn.scenarios.schema import HANG_UP

RULES = """
A1: {title: 辱骂, severity: critical, explain: 不得辱骂, law: [x], patterns: [老赖]}
I3: {title: 核实, severity: critical, explain: 先核实, law: [x], patterns: ['\\d{12,19}']}
I1: {title: 身份, severity: major, explain: 表明身份, law: [x]}
P1: {title: 泄露, severity: critical, explain: 不泄露, law: [x], patterns: [欠款]}
T1: {title: 时间, severity: critical, explain: 22点后不打, law: [x]}
"""

SCENARIO = """
title: 测试
persona: {name: 张伟, card_last4: "4821", amount: 8000, days_overdue: 35, situation: 测试, answered_by: debtor}
call: {local_time: "19:30", allowed_hours: ["08:00", "22:00"]}
state: {mood: 0, trust: 0, flags: {verified: false, hardship: true}}
skills:
  compliance: {cap: 4, threshold: 2}
  empathy: {cap: 3, threshold: 1}
start: open
nodes:
  open:
    say: 喂？
    options:
      - {id: identify, text: 我是银行的, next: verify, scores: {compliance: 2}, honours: [I1]}
      - {id: blurt, text: 你欠钱, next: end-angry, violations: [I1, I3], set: {mood: -3}}
      - {id: loop, text: 喂喂, next: open, scores: {empathy: 1, compliance: 1}}
  verify:
    say: 你要干嘛？
    free_text:
      prompt: 请核实身份
      allow: [P1]
      intents:
        - {id: last4, match: [后四位, 尾号], next: plan, set: {flags.verified: true, trust: 2}, scores: {compliance: 2}}
      fallback: {say: 听不懂, next: verify, scores: {compliance: -1}}
  plan:
    say: 我最近失业了。
    options:
      - {id: offer, when: "flags.hardship and trust >= 1", text: 分期, next: end-plan, scores: {empathy: 2}}
      - {id: push, text: 今天还, next: end-hang}
  end-plan: {say: 好的, ending: plan_agreed}
  end-hang: {say: 嘟嘟, ending: hang_up}
  end-angry: {say: 神经病, ending: complaint}
"""


@pytest.fixture(scope="module")
def rules():
    loaded, problems = load_rules("rules.yml", RULES)
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def scenario():
    loaded, problems = load_scenario("s.yml", SCENARIO, "s", "course")
    assert problems == []
    return loaded


def test_compliant_path_ends_in_plan_and_passes(scenario, rules):
    state = replay(scenario, ["identify", {"text": "请问您卡号后四位是多少？"}, "offer"], rules.values())
    assert state.ended and state.node == "end-plan" and state.outcome == "plan_agreed"
    verdict = grade(scenario, state, rules)
    assert verdict.passed and verdict.violations == ()
    assert dict(state.flags)["verified"] is True and state.trust == 2


def test_state_is_immutable_and_advance_returns_new_state(scenario):
    first = start(scenario)
    second = advance(scenario, first, "identify")
    assert first.node == "open" and first.turns == ()
    assert second.node == "verify" and len(second.turns) == 1


def test_critical_violation_fails_whatever_the_score(scenario, rules):
    state = replay(scenario, ["loop", "loop", "blurt"])
    verdict = grade(scenario, state, rules)
    assert state.outcome == "complaint"
    assert verdict.critical == ("I3",) and not verdict.passed
    assert set(verdict.violations) == {"I1", "I3"}


def test_loops_cannot_push_a_skill_past_its_cap(scenario):
    state = replay(scenario, ["loop"] * 10)
    assert state.score_map == {"compliance": 4, "empathy": 3}
    assert state.turns[-1].gained == (("empathy", 0), ("compliance", 0))


def test_scores_never_go_below_zero(scenario):
    state = replay(scenario, ["identify", {"text": "嗯"}, {"text": "啊"}, {"text": "哦"}])
    assert state.score_map["compliance"] == 0
    assert state.node == "verify" and not state.turns[-1].understood


def test_free_text_violation_records_the_words(scenario, rules):
    state = replay(scenario, ["identify", {"text": "你这个老赖，卡号6225881234564821后四位对吗"}], rules.values())
    assert [(h.code, h.words) for h in state.hits] == [("A1", "老赖"), ("I3", "6225881234564821")]
    assert not grade(scenario, state, rules).passed


def test_allowed_rule_is_not_checked_at_that_node(scenario, rules):
    state = replay(scenario, ["identify", {"text": "关于欠款，请说一下尾号"}], rules.values())
    assert state.hits == () and state.node == "plan"


def test_condition_hides_option(scenario):
    state = replay(scenario, ["identify", {"text": "说一下尾号"}])
    assert [m.id for m in available(scenario, state)] == ["offer", "push"]
    low_trust = state.__class__(**{**state.__dict__, "trust": 0})
    assert [m.id for m in available(scenario, low_trust)] == ["push"]
    with pytest.raises(ChoiceError):
        advance(scenario, low_trust, "offer")


def test_wrong_kind_of_choice_is_refused(scenario):
    state = start(scenario)
    with pytest.raises(ChoiceError):
        advance(scenario, state, {"text": "你好"})
    with pytest.raises(ChoiceError):
        advance(scenario, state, "nope")
    verify = advance(scenario, state, "identify")
    with pytest.raises(ChoiceError):
        advance(scenario, verify, "offer")


def test_hang_up_ends_the_call_and_nothing_follows(scenario, rules):
    state = replay(scenario, ["identify", HANG_UP])
    assert state.ended and state.outcome == "hang_up"
    assert not grade(scenario, state, rules).passed  # skills below threshold
    with pytest.raises(ChoiceError):
        advance(scenario, state, "identify")


def test_calling_outside_hours_is_t1(rules):
    late = SCENARIO.replace('"19:30"', '"22:30"')
    scenario, problems = load_scenario("s.yml", late, "s", "c")
    state = replay(scenario, ["identify", {"text": "尾号"}, "offer"])
    assert state.violation_codes == ("T1",)
    assert not grade(scenario, state, rules).passed
    agreed = late.replace('["08:00", "22:00"]}', '["08:00", "22:00"], agreed_time: true}')
    scenario, _ = load_scenario("s.yml", agreed, "s", "c")
    assert start(scenario).hits == ()


def test_turn_budget_ends_endless_loops():
    text = SCENARIO.replace("title: 测试", "title: 测试\nmax_turns: 5")
    scenario, _ = load_scenario("s.yml", text, "s", "c")
    state = replay(scenario, ["loop"] * 5)
    assert state.ended and state.outcome == "hang_up"
