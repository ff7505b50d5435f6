"""The scenario state machine: ``start`` and ``advance`` over immutable state, and grading.

A run is fully determined by the scenario, the rules and the list of choices, so the server
stores only the choices and replays them (a reload resumes the call; practice mode steps back by
replaying one choice fewer). Pure module: no Flask, no SQLAlchemy.

A choice is an option id (``str``), ``{"text": "..."}`` at a free-text node, or ``HANG_UP``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from elearn.scenarios.freetext import Hit, route, violations_in
from elearn.scenarios.schema import HANG_UP, Move, Node, Rule, Scenario

MOOD_RANGE = (-5, 5)


class ChoiceError(ValueError):
    """The choice is not available now (unknown option, condition false, call over...)."""


@dataclass(frozen=True)
class Turn:
    """One exchange: where the agent was, what they chose or typed, and what it earned."""

    node: str
    choice: str
    text: str = ""
    next: str = ""
    feedback_of: str = ""
    hits: tuple[Hit, ...] = ()
    honours: tuple[str, ...] = ()
    gained: tuple[tuple[str, int], ...] = ()
    understood: bool = True


@dataclass(frozen=True)
class State:
    """Where the call is. Never mutated: ``advance`` returns a new State."""

    node: str
    mood: int
    trust: int
    flags: tuple[tuple[str, bool], ...]
    scores: tuple[tuple[str, int], ...]
    turns: tuple[Turn, ...] = ()
    opening_hits: tuple[Hit, ...] = ()
    ended: bool = False
    outcome: str | None = None

    @property
    def env(self) -> dict[str, object]:
        """The names a condition may read."""
        env: dict[str, object] = {"mood": self.mood, "trust": self.trust}
        env.update((f"flags.{name}", value) for name, value in self.flags)
        return env

    @property
    def score_map(self) -> dict[str, int]:
        return dict(self.scores)

    @property
    def hits(self) -> tuple[Hit, ...]:
        """Every violation in the call, in order (calling-hours first)."""
        return self.opening_hits + tuple(hit for turn in self.turns for hit in turn.hits)

    @property
    def violation_codes(self) -> tuple[str, ...]:
        """Distinct rule codes broken, in first-seen order."""
        return tuple(dict.fromkeys(hit.code for hit in self.hits))


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def outside_hours(local_time: str, allowed: tuple[str, str]) -> bool:
    """True when ``local_time`` is not in ``[allowed[0], allowed[1])``."""
    now, first, last = _minutes(local_time), _minutes(allowed[0]), _minutes(allowed[1])
    return not first <= now < last


def start(scenario: Scenario) -> State:
    """The state when the call connects; a call outside the allowed hours already broke T1."""
    opening = ()
    call = scenario.call
    if not call.agreed_time and outside_hours(call.local_time, call.allowed_hours):
        opening = (Hit("T1", call.local_time),)
    state = State(
        node=scenario.start,
        mood=scenario.mood,
        trust=scenario.trust,
        flags=scenario.flags,
        scores=tuple((name, 0) for name in scenario.skills),
        opening_hits=opening,
    )
    return _arrive(scenario, state)


def available(scenario: Scenario, state: State) -> tuple[Move, ...]:
    """The options the agent may pick now (conditions hold); empty at free-text nodes."""
    if state.ended:
        return ()
    node = scenario.nodes[state.node]
    env = state.env
    return tuple(opt for opt in node.options if opt.when is None or opt.when.evaluate(env))


def advance(
    scenario: Scenario, state: State, choice: object, rules: Iterable[Rule] = ()
) -> State:
    """Apply one choice and return the new state; raise ChoiceError if it is not allowed.

    ``rules`` are needed only for free text, whose words are checked against each rule's patterns.
    """
    if state.ended:
        raise ChoiceError("the call has ended")
    node = scenario.nodes[state.node]
    if choice == HANG_UP:
        turn = Turn(node=node.id, choice=HANG_UP)
        return replace(state, turns=state.turns + (turn,), ended=True, outcome="hang_up")
    if isinstance(choice, Mapping):
        return _typed(scenario, state, node, str(choice.get("text", "")), tuple(rules))
    return _picked(scenario, state, node, str(choice))


def _picked(scenario: Scenario, state: State, node: Node, option_id: str) -> State:
    if node.free_text is not None:
        raise ChoiceError(f"node {node.id!r} expects typed text, not an option")
    move = next((opt for opt in available(scenario, state) if opt.id == option_id), None)
    if move is None:
        raise ChoiceError(f"option {option_id!r} is not available at node {node.id!r}")
    hits = tuple(Hit(code) for code in move.violations)
    return _apply(scenario, state, node, move, hits, text="")


def _typed(
    scenario: Scenario, state: State, node: Node, text: str, rules: tuple[Rule, ...]
) -> State:
    if node.free_text is None:
        raise ChoiceError(f"node {node.id!r} expects an option, not typed text")
    if not text.strip():
        raise ChoiceError("type a reply first")
    intent = route(text, node.free_text.intents, state.env)
    move = intent or node.free_text.fallback
    found = violations_in(text, (r for r in rules if r.code not in node.free_text.allow))
    scripted = tuple(Hit(code) for code in move.violations if code not in {h.code for h in found})
    return _apply(scenario, state, node, move, found + scripted, text=text, understood=bool(intent))


def _apply(
    scenario: Scenario,
    state: State,
    node: Node,
    move: Move,
    hits: tuple[Hit, ...],
    text: str,
    understood: bool = True,
) -> State:
    scores, gained = _score(scenario, state, move)
    mood, trust, flags = _set(state, move)
    turn = Turn(
        node=node.id,
        choice=move.id,
        text=text,
        next=move.next,
        feedback_of=move.id,
        hits=hits,
        honours=move.honours,
        gained=gained,
        understood=understood,
    )
    moved = replace(
        state,
        node=move.next,
        mood=mood,
        trust=trust,
        flags=flags,
        scores=scores,
        turns=state.turns + (turn,),
    )
    return _arrive(scenario, moved)


def _score(scenario: Scenario, state: State, move: Move):
    """Add the move's scores, clamped to [0, cap] per skill; return new scores and real gains."""
    current = state.score_map
    gained = []
    for skill, delta in move.scores:
        cap = scenario.skills[skill].cap
        new = min(cap, max(0, current[skill] + delta))
        gained.append((skill, new - current[skill]))
        current[skill] = new
    return tuple(current.items()), tuple(gained)


def _clamp(value: int) -> int:
    return max(MOOD_RANGE[0], min(MOOD_RANGE[1], value))


def _set(state: State, move: Move):
    mood, trust, flags = state.mood, state.trust, dict(state.flags)
    for key, value in move.set:
        if key == "mood":
            mood = _clamp(mood + int(value))
        elif key == "trust":
            trust = _clamp(trust + int(value))
        else:
            flags[key.removeprefix("flags.")] = bool(value)
    return mood, trust, tuple(flags.items())


def _arrive(scenario: Scenario, state: State) -> State:
    """End the call at an ending node, or when the turn budget is spent (the debtor hangs up)."""
    node = scenario.nodes[state.node]
    if node.ending:
        return replace(state, ended=True, outcome=node.ending)
    if len(state.turns) >= scenario.max_turns:
        return replace(state, ended=True, outcome="hang_up")
    return state


def replay(scenario: Scenario, choices: Iterable[object], rules: Iterable[Rule] = ()) -> State:
    """Start the call and apply ``choices`` in order (raises ChoiceError on a bad one)."""
    rules = tuple(rules)
    state = start(scenario)
    for choice in choices:
        state = advance(scenario, state, choice, rules)
    return state


@dataclass(frozen=True)
class SkillResult:
    name: str
    score: int
    cap: int
    threshold: int

    @property
    def ok(self) -> bool:
        return self.score >= self.threshold

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.cap) if self.cap else 0


@dataclass(frozen=True)
class Grade:
    """The verdict: passed only with no critical violation and every skill at its threshold."""

    passed: bool
    skills: tuple[SkillResult, ...]
    critical: tuple[str, ...]
    violations: tuple[str, ...]
    outcome: str | None


def grade(scenario: Scenario, state: State, rules: Mapping[str, Rule]) -> Grade:
    """Grade a run; a code missing from ``rules`` counts as critical (fail safe)."""
    scores = state.score_map
    skills = tuple(
        SkillResult(name, scores[name], skill.cap, skill.threshold)
        for name, skill in scenario.skills.items()
    )
    codes = state.violation_codes
    critical = tuple(c for c in codes if c not in rules or rules[c].severity == "critical")
    passed = not critical and all(result.ok for result in skills)
    return Grade(passed, skills, critical, codes, state.outcome)
