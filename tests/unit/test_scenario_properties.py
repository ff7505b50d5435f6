"""Property tests: whatever the trainee does, the engine never gets stuck and never exceeds a cap."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elearn.scenarios.content import read_rules, read_scenario, scenario_paths
from elearn.scenarios.engine import MOOD_RANGE, advance, available, grade, start
from elearn.scenarios.schema import HANG_UP

ROOT = Path(__file__).resolve().parents[2]
RULES, _, _ = read_rules(ROOT)
# Every scenario file in the repository that loads cleanly (a broken one is content check's business).
SCENARIOS = [file.scenario for file, problems in (read_scenario(p, ROOT) for p in scenario_paths(ROOT))
             if file is not None and not problems]

# Phrases a trainee might type: compliant, rude, off-topic, empty-ish and full-width.
PHRASES = ["请问您卡号后四位是多少", "您好，我是银行信用卡中心的", "老赖", "你被通缉了", "嗯", "ＡＢＣ１２３",
           "我理解您的难处", "分期", "请他回电", "再见", "6225881234564821", "转到我个人账户", "？？？"]


def _choices(scenario, state):
    node = scenario.nodes[state.node]
    if node.free_text is not None:
        keywords = [p.pattern for intent in node.free_text.intents for p in intent.match]
        return [{"text": t} for t in PHRASES + keywords] + [HANG_UP]
    return [move.id for move in available(scenario, state)] + [HANG_UP]


def _check_invariants(scenario, state):
    for skill, score in state.scores:
        assert 0 <= score <= scenario.skills[skill].cap
    assert MOOD_RANGE[0] <= state.mood <= MOOD_RANGE[1]
    assert MOOD_RANGE[0] <= state.trust <= MOOD_RANGE[1]
    if not state.ended:
        node = scenario.nodes[state.node]
        assert node.free_text is not None or available(scenario, state), f"stuck at {state.node}"


def test_the_shipped_scenarios_exist():
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=10_000), min_size=0, max_size=80))
def test_no_sequence_of_choices_gets_stuck_or_passes_a_cap(scenario, picks):
    state = start(scenario)
    _check_invariants(scenario, state)
    for pick in picks:
        if state.ended:
            break
        options = _choices(scenario, state)
        options = options if pick % 25 else options[-1:]  # hang up now and then
        state = advance(scenario, state, options[pick % len(options)], RULES.values())
        _check_invariants(scenario, state)
    assert len(state.turns) <= scenario.max_turns
    grade(scenario, state, RULES)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_every_run_ends_within_the_turn_budget(scenario):
    state = start(scenario)
    for _ in range(scenario.max_turns + 1):
        if state.ended:
            break
        options = [c for c in _choices(scenario, state) if c != HANG_UP]
        state = advance(scenario, state, options[0], RULES.values())
    assert state.ended
