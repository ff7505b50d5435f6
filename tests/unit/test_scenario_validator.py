"""The scenario validator rejects each kind of broken scenario with a file:line message."""

import pytest

from elearn.scenarios.content import full_check, parse_scenario
from elearn.scenarios.loader import load_rules

RULES, _ = load_rules("r.yml", "I1: {title: 身份, severity: major, explain: e, law: [pipl-6]}\n")
REFS = {"pipl-6": object()}

GOOD = """\
title: 测试
persona: {name: 张伟, card_last4: "4821", amount: 8000, days_overdue: 35, situation: s}
call: {local_time: "19:30"}
state: {mood: 0, trust: 0, flags: {verified: false}}
skills:
  compliance: {cap: 4, threshold: 2}
start: open
nodes:
  open:
    say: 喂？
    options:
      - id: hello
        text: 您好
        next: middle
        scores: {compliance: 2}
      - id: bye
        text: 再见
        next: done
  middle:
    say: 嗯
    options:
      - {id: go, text: 继续, next: done, feedback: "好 [[law:pipl-6]]"}
  done:
    say: 再见
    ending: callback
tests:
  - name: ok
    path: [hello, go]
    expect: {ending: done, passed: true, violations: []}
"""


def problems_for(text):
    file, problems = parse_scenario(text, "courses/c/scenarios/s.yml", "s", "c")
    if file is not None and not problems:
        problems = full_check(file, RULES, REFS)
    return [str(p) for p in problems]


def test_good_scenario_has_no_problems():
    assert problems_for(GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("next: middle", "next: midle", "s.yml:14: node open: 'hello' leads to unknown node 'midle'"),
        ("  done:\n", "  orphan:\n    say: x\n    options: [{id: a, text: a, next: done}]\n  done:\n",
         "s.yml:24: node orphan cannot be reached from 'open'"),
        ("next: done, feedback", "next: middle, feedback", "node middle can never reach an ending"),
        ("    ending: callback\n", "    options: [{id: again, text: 再来, next: open}]\n",
         "the scenario has no ending node"),
        ("start: open", "start: opening", "s.yml:1: start node 'opening' does not exist"),
        ("scores: {compliance: 2}", "scores: {charm: 2}", "s.yml:15: node open option hello: skill 'charm'"),
        ("text: 您好\n", "text: 您好\n        when: flags.paid\n", "condition uses 'flags.paid', which is not declared"),
        ("text: 您好\n", "text: 您好\n        when: trust >=\n", "bad condition 'trust >='"),
        ("text: 您好\n", "text: 您好\n        violations: [Z9]\n", "names unknown rule 'Z9'"),
        ("[[law:pipl-6]]", "[[law:contract-law-60]]", "unknown law reference 'contract-law-60'"),
        ("      - id: bye\n", "      - id: bye\n        when: trust > 1\n", None),
        ("      - id: hello\n", "      - id: hello\n        when: trust > 1\n",
         "s.yml:28: test 'ok': path cannot be played: option 'hello' is not available at node 'open'"),
        ("    ending: callback", "    ending: victory", "s.yml:25: node done: ending must be one of"),
        ("id: go", "id: hang-up", "reserved"),
        ("card_last4: \"4821\"", "card_last4: \"6225881234564821\"", "card_last4 must be 4 digits"),
        ("  middle:\n", "  middle:\n    sya: typo\n", "s.yml:20: node middle: unknown key 'sya'"),
        ("expect: {ending: done, passed: true, violations: []}",
         "expect: {ending: done, passed: false, violations: []}",
         "s.yml:27: test 'ok': expected passed=False, got passed=True"),
        ("path: [hello, go]", "path: [hello, nope]", "test 'ok': path cannot be played"),
        ("  done:\n", "  open:\n", "duplicate key 'open'"),
    ],
)
def test_broken_scenarios_are_rejected_with_file_and_line(old, new, expected):
    assert old in GOOD
    found = problems_for(GOOD.replace(old, new, 1))
    if expected is None:
        assert found == []
        return
    assert any(expected in p for p in found), found
    assert all(p.startswith("courses/c/scenarios/s.yml:") for p in found)


def test_all_options_conditional_is_rejected():
    text = GOOD.replace("      - id: hello\n", "      - id: hello\n        when: trust > 1\n")
    text = text.replace("      - id: bye\n", "      - id: bye\n        when: trust > 2\n")
    assert any("every option has a 'when'" in p for p in problems_for(text))


def test_bad_yaml_reports_the_line():
    found = problems_for(GOOD.replace("say: 嗯", "say: [嗯"))
    assert found and found[0].startswith("courses/c/scenarios/s.yml:")


def test_rules_file_problems_name_the_line():
    _, problems = load_rules("r.yml", "I1:\n  title: x\n  severity: fatal\n  explain: e\n  law: []\n  patterns: ['(']\n")
    text = [str(p) for p in problems]
    assert "r.yml:3: rule I1: severity must be one of ('critical', 'major', 'minor')" in text
    assert any(p.startswith("r.yml:6: rule I1: bad pattern") for p in text)
    assert any("cite at least one law" in p for p in text)


def test_unquoted_english_gets_a_quoting_hint():
    found = problems_for(GOOD.replace("say: 嗯", "say: {zh: 嗯, en: Hm? What: now}"))
    assert found[0].startswith("courses/c/scenarios/s.yml:20: not valid YAML") and "in quotes" in found[0]


FREE = GOOD.replace("""    say: 嗯
    options:
      - {id: go, text: 继续, next: done, feedback: "好 [[law:pipl-6]]"}
""", """    say: 嗯
    free_text:
      prompt: 说
      intents:
        - {id: agree, match: [好], next: done}
        - {id: agree, match: [], next: done}
      fallback: {say: 啊？, next: middle}
""").replace("path: [hello, go]", "path: [hello, {text: 好}]")


def test_intents_need_unique_ids_and_phrases():
    found = problems_for(FREE)
    assert any("s.yml:25: node middle: duplicate intent id 'agree'" in p for p in found), found
    assert any("'match' needs at least one phrase" in p for p in found)
    fixed = FREE.replace("        - {id: agree, match: [], next: done}\n", "")
    assert problems_for(fixed) == []
