"""Parse a scenario's ``nodes`` (options, free text, endings) and its ``tests``.

Each move keeps its line so later checks (targets, rule codes) can point at it. Pure module.
"""

from __future__ import annotations

from typing import Any

from elearn.scenarios.conditions import ConditionError, parse
from elearn.scenarios.reader import ID_RE, MOVE_KEYS, Reader
from elearn.scenarios.schema import (
    HANG_UP,
    OUTCOMES,
    FreeText,
    Move,
    Node,
    ScenarioTest,
    Skill,
    Text,
)
from elearn.scenarios.yamlsrc import LDict, LList

RESERVED = {HANG_UP, "fallback"}


def parse_nodes(
    reader: Reader, top: LDict, skills: dict[str, Skill], flags: set[str]
) -> dict[str, Node]:
    """Parse every node; ``skills`` and ``flags`` are what scores and conditions may use."""
    data = reader.mapping(top.get("nodes"), top.line_of("nodes"), "nodes")
    nodes: dict[str, Node] = {}
    for node_id, body in (data or {}).items():
        line = data.line_of(node_id)
        if not ID_RE.match(str(node_id)):
            reader.error(line, f"node {node_id!r}: ids are lowercase letters, digits, '-' and '_'")
        body = reader.mapping(body, line, f"node {node_id}")
        if body is not None:
            nodes[str(node_id)] = _node(reader, str(node_id), body, skills, flags)
    return nodes


def _node(reader: Reader, node_id: str, body: LDict, skills, flags) -> Node:
    what = f"node {node_id}"
    reader.keys(body, {"say", "options", "free_text", "ending"}, what)
    kinds = [key for key in ("options", "free_text", "ending") if key in body]
    if len(kinds) != 1:
        reader.error(body.line, f"{what}: needs exactly one of 'options', 'free_text' or 'ending'")
    ending = body.get("ending")
    if ending is not None and ending not in OUTCOMES:
        reader.error(body.line_of("ending"), f"{what}: ending must be one of {', '.join(OUTCOMES)}")
    ctx = _MoveContext(reader, skills, flags, what)
    return Node(
        id=node_id,
        say=reader.text(body, "say", what) or Text(""),
        line=body.line,
        options=_options(ctx, body),
        free_text=_free_text(ctx, body) if "free_text" in body else None,
        ending=ending if ending in OUTCOMES else None,
    )


class _MoveContext:
    def __init__(self, reader: Reader, skills, flags, what: str) -> None:
        self.reader, self.skills, self.flags, self.what = reader, skills, flags, what
        self.names = {"mood", "trust"} | flags


def _options(ctx: _MoveContext, body: LDict) -> tuple[Move, ...]:
    if "options" not in body:
        return ()
    raw = body["options"]
    if not isinstance(raw, LList) or not raw:
        ctx.reader.error(body.line_of("options"), f"{ctx.what}: options must be a non-empty list")
        return ()
    moves, seen = [], set()
    for index, item in enumerate(raw):
        data = ctx.reader.mapping(item, raw.line_of(index), f"{ctx.what} option {index + 1}")
        if data is None:
            continue
        move = _move(ctx, data, MOVE_KEYS, f"{ctx.what} option {data.get('id', index + 1)}")
        if move.id in seen:
            ctx.reader.error(data.line, f"{ctx.what}: duplicate option id {move.id!r}")
        seen.add(move.id)
        moves.append(move)
    if moves and all(move.when is not None for move in moves):
        ctx.reader.error(body.line_of("options"), f"{ctx.what}: every option has a 'when'; "
                         "give at least one option no condition so the call cannot get stuck")
    return tuple(moves)


def _free_text(ctx: _MoveContext, body: LDict) -> FreeText | None:
    data = ctx.reader.mapping(body["free_text"], body.line_of("free_text"), f"{ctx.what} free_text")
    if data is None:
        return None
    ctx.reader.keys(data, {"prompt", "intents", "fallback", "allow"}, f"{ctx.what} free_text")
    intents = []
    raw = data.get("intents")
    if not isinstance(raw, LList) or not raw:
        ctx.reader.error(data.line, f"{ctx.what}: free_text needs a non-empty 'intents' list")
        raw = LList()
    for index, item in enumerate(raw):
        intent = ctx.reader.mapping(item, raw.line_of(index), f"{ctx.what} intent {index + 1}")
        if intent is None:
            continue
        move = _move(ctx, intent, MOVE_KEYS - {"text"} | {"match"}, f"{ctx.what} intent")
        if any(other.id == move.id for other in intents):
            ctx.reader.error(intent.line, f"{ctx.what}: duplicate intent id {move.id!r}")
        if not move.match:
            ctx.reader.error(intent.line, f"{ctx.what} intent {move.id}: 'match' needs at least one phrase")
        intents.append(move)
    fallback = ctx.reader.mapping(data.get("fallback"), data.line, f"{ctx.what} free_text fallback")
    if fallback is None:
        return None
    lines = fallback.lines
    fallback = LDict(fallback, id="fallback")
    fallback.line, fallback.lines = data.line_of("fallback"), dict(lines)
    fb_move = _move(ctx, fallback, MOVE_KEYS - {"text", "when"} | {"say"}, f"{ctx.what} fallback")
    prompt = ctx.reader.text(data, "prompt", f"{ctx.what} free_text")
    allow = ctx.reader.str_list(data, "allow", f"{ctx.what} free_text")
    return FreeText(prompt or Text(""), tuple(intents), fb_move, allow)


def _move(ctx: _MoveContext, data: LDict, allowed: set[str], what: str) -> Move:
    reader = ctx.reader
    reader.keys(data, allowed, what)
    move_id = str(data.get("id", ""))
    is_fallback = "say" in allowed
    if not ID_RE.match(move_id):
        reader.error(data.line_of("id"), f"{what}: 'id' must be lowercase letters, digits, '-' or '_'")
    elif move_id in RESERVED and not is_fallback:
        reader.error(data.line_of("id"), f"{what}: id {move_id!r} is reserved (hang-up button, fallback)")
    target = data.get("next")
    if not isinstance(target, str):
        reader.error(data.line, f"{what}: 'next' must name a node")
    return Move(
        id=move_id,
        next=target if isinstance(target, str) else "",
        line=data.line,
        text=reader.text(data, "text", what) if "text" in allowed else None,
        when=_condition(ctx, data, what),
        set=_set(ctx, data, what),
        scores=_scores(ctx, data, what),
        feedback=reader.text(data, "feedback", what, required=False),
        violations=reader.str_list(data, "violations", what),
        honours=reader.str_list(data, "honours", what),
        match=reader.patterns(data, "match", what) if "match" in allowed else (),
        say=reader.text(data, "say", what) if "say" in allowed else None,
        next_line=data.line_of("next"),
    )


def _condition(ctx: _MoveContext, data: LDict, what: str):
    source = data.get("when")
    if source is None:
        return None
    try:
        condition = parse(str(source))
    except ConditionError as exc:
        ctx.reader.error(data.line_of("when"), f"{what}: bad condition {source!r}: {exc}")
        return None
    for name in sorted(condition.names - ctx.names):
        ctx.reader.error(data.line_of("when"), f"{what}: condition uses {name!r}, "
                         f"which is not declared in state (declared: {', '.join(sorted(ctx.names))})")
    return condition if condition.names <= ctx.names else None


def _set(ctx: _MoveContext, data: LDict, what: str) -> tuple[tuple[str, object], ...]:
    raw = data.get("set") or {}
    if not isinstance(raw, dict):
        ctx.reader.error(data.line_of("set"), f"{what}: 'set' must be a mapping")
        return ()
    changes = []
    for key, value in raw.items():
        line = raw.line_of(key)
        number = key in ("mood", "trust") and isinstance(value, int) and not isinstance(value, bool)
        if number or (key in ctx.flags and isinstance(value, bool)):
            changes.append((key, value))
        else:
            ctx.reader.error(line, f"{what}: cannot set {key!r} to {value!r} (numbers for mood/trust, "
                             "true/false for a flag declared in state.flags)")
    return tuple(changes)


def _scores(ctx: _MoveContext, data: LDict, what: str) -> tuple[tuple[str, int], ...]:
    raw = data.get("scores") or {}
    if not isinstance(raw, dict):
        ctx.reader.error(data.line_of("scores"), f"{what}: 'scores' must be a mapping")
        return ()
    scores = []
    for skill, value in raw.items():
        if skill not in ctx.skills:
            ctx.reader.error(raw.line_of(skill), f"{what}: skill {skill!r} is not declared in 'skills'")
        elif isinstance(value, bool) or not isinstance(value, int):
            ctx.reader.error(raw.line_of(skill), f"{what}: score for {skill} must be a whole number")
        else:
            scores.append((skill, value))
    return tuple(scores)


def parse_tests(reader: Reader, top: LDict) -> tuple[ScenarioTest, ...]:
    """Parse the ``tests:`` list: each has a name, a path of choices and an ``expect`` mapping."""
    raw = top.get("tests") or LList()
    if not isinstance(raw, LList):
        reader.error(top.line_of("tests"), "tests must be a list")
        return ()
    return tuple(t for i, item in enumerate(raw) if (t := _test(reader, raw, i, item)))


def _test(reader: Reader, raw: LList, index: int, item: Any) -> ScenarioTest | None:
    data = reader.mapping(item, raw.line_of(index), f"test {index + 1}")
    if data is None:
        return None
    what = f"test {data.get('name', index + 1)!r}"
    reader.keys(data, {"name", "path", "expect"}, what)
    path = data.get("path")
    ok = isinstance(path, list) and all(
        isinstance(step, str) or (isinstance(step, dict) and isinstance(step.get("text"), str))
        for step in path
    )
    if not ok:
        reader.error(data.line_of("path"), f"{what}: path is a list of option ids or {{text: ...}}")
        return None
    expect = data.get("expect") or LDict()
    if not isinstance(expect, dict):
        reader.error(data.line_of("expect"), f"{what}: expect must be a mapping")
        return None
    reader.keys(expect, {"ending", "outcome", "passed", "violations"}, f"{what} expect")
    violations = expect.get("violations")
    return ScenarioTest(
        name=str(data.get("name", f"test {index + 1}")),
        path=tuple(dict(step) if isinstance(step, dict) else step for step in path),
        expect_ending=expect.get("ending"),
        expect_outcome=expect.get("outcome"),
        expect_passed=expect.get("passed"),
        expect_violations=tuple(str(v) for v in violations) if violations is not None else None,
        line=data.line,
    )
