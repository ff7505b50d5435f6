"""Property tests on generated scenarios: any graph the validator accepts can be played to an end by any
sequence of choices, never gets stuck, and never pushes a skill past its cap or mood/trust out of range."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.scenarios.content import parse_scenario
from elearn.scenarios.engine import MOOD_RANGE, advance, available, start
from elearn.scenarios.schema import HANG_UP

SKILLS = ["compliance", "empathy"]
CONDITIONS = ["trust >= 1", "not flags.seen", "mood < 0 or flags.seen", "trust > 2 and mood >= -1"]


@st.composite
def scenarios(draw):
    """A random graph: 2-7 talking nodes (options or free text), 1-3 endings, random edges and effects."""
    talk = [f"n{i}" for i in range(draw(st.integers(2, 7)))]
    ends = [f"end{i}" for i in range(draw(st.integers(1, 3)))]
    targets = st.sampled_from(talk + ends)
    effect = st.fixed_dictionaries({}, optional={
        "scores": st.dictionaries(st.sampled_from(SKILLS), st.integers(-3, 4), max_size=2),
        "set": st.fixed_dictionaries({}, optional={"mood": st.integers(-4, 4), "trust": st.integers(-4, 4),
                                                   "flags.seen": st.booleans()}),
    })
    nodes = {}
    chain = dict(zip(talk, talk[1:] + ends[:1], strict=True))  # first way out of each node: a connected chain
    for name in talk:
        if draw(st.booleans()):
            count = draw(st.integers(1, 4))
            options = []
            for k in range(count):
                nxt = chain[name] if k == 0 and draw(st.booleans()) else draw(targets)
                option = {"id": f"o{k}", "text": "说", "next": nxt, **draw(effect)}
                if k and draw(st.booleans()):
                    option["when"] = draw(st.sampled_from(CONDITIONS))
                options.append(option)
            nodes[name] = {"say": "嗯", "options": options}
        else:
            intents = [{"id": f"i{k}", "match": [w], "next": draw(targets), **draw(effect)}
                       for k, w in enumerate(draw(st.lists(st.sampled_from(["好", "行", "分期", "尾号"]), min_size=1,
                                                           max_size=3, unique=True)))]
            nodes[name] = {"say": "嗯", "free_text": {"prompt": "说", "intents": intents,
                                                      "fallback": {"say": "啊？", "next": chain[name], **draw(effect)}}}
    for name in ends:
        nodes[name] = {"say": "再见", "ending": "callback"}
    return {
        "title": "生成", "persona": {"name": "张伟", "card_last4": "1234", "amount": 1, "days_overdue": 1,
                                       "situation": "s"},
        "call": {"local_time": "10:00"}, "state": {"mood": 0, "trust": 0, "flags": {"seen": False}},
        "skills": {"compliance": {"cap": 3, "threshold": 1}, "empathy": {"cap": 2, "threshold": 0}},
        "max_turns": 25, "start": "n0", "nodes": nodes,
    }


@settings(max_examples=200, deadline=None)
@given(data=scenarios(), picks=st.lists(st.integers(0, 1000), max_size=40))
def test_any_valid_graph_is_playable_to_the_end_within_caps(data, picks):
    file, problems = parse_scenario(yaml.safe_dump(data, allow_unicode=True), "g.yml", "g", "c")
    if file is None or problems:
        return  # the validator rejected it (unreachable node, dead end...): nothing to play
    spec = file.scenario
    state = start(spec)
    for pick in picks + [0] * (spec.max_turns + 1):
        if state.ended:
            break
        node = spec.nodes[state.node]
        choices = ([{"text": t} for t in ("好", "行", "分期", "尾号", "听不懂")] if node.free_text
                   else [m.id for m in available(spec, state)])
        assert choices, f"stuck at {state.node}"
        if pick % 17 == 16:
            choices.append(HANG_UP)
        state = advance(spec, state, choices[pick % len(choices)])
        assert all(0 <= score <= spec.skills[name].cap for name, score in state.scores)
        assert MOOD_RANGE[0] <= state.mood <= MOOD_RANGE[1] and MOOD_RANGE[0] <= state.trust <= MOOD_RANGE[1]
    assert state.ended and len(state.turns) <= spec.max_turns


@settings(max_examples=80, deadline=None)
@given(data=scenarios())
def test_validator_verdict_matches_reachability(data):
    """Accepted graphs have every node reachable and able to reach an ending; rejected ones say why."""
    file, problems = parse_scenario(yaml.safe_dump(data, allow_unicode=True), "g.yml", "g", "c")
    for problem in problems:
        assert str(problem).startswith("g.yml:") and (
            "cannot be reached" in problem.message or "can never reach an ending" in problem.message)
