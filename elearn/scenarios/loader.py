"""Parse ``_rules.yml`` and scenario files into frozen dataclasses, collecting problems.

The loader never stops at the first mistake: it records a :class:`Problem` (``file:line:
message``) and carries on, so an author sees every problem in one run. Graph checks (targets,
reachability, endings) are in ``validate.py``. Pure module.
"""

from __future__ import annotations

import re
from typing import Any

from elearn.core.problems import Problem
from elearn.scenarios.nodes import parse_nodes, parse_tests
from elearn.scenarios.reader import ID_RE, RULE_RE, TIME_RE, Reader, read_source
from elearn.scenarios.schema import (
    ANSWERERS,
    SEVERITIES,
    SKILLS,
    Call,
    Persona,
    Rule,
    Scenario,
    Skill,
    Text,
)
from elearn.scenarios.yamlsrc import LDict

# --- rules -----------------------------------------------------------------------------------


def load_rules(path: str, text: str) -> tuple[dict[str, Rule], list[Problem]]:
    """Parse the site's rules file; return rules by code and the problems."""
    reader = Reader(path)
    data = read_source(reader, text)
    rules: dict[str, Rule] = {}
    if data is None:
        return rules, reader.problems
    top = reader.mapping(data, 1, "rules file")
    for code, body in (top or {}).items():
        rule = _rule(reader, top, str(code), body)
        if rule:
            rules[rule.code] = rule
    return rules, reader.problems


def _rule(reader: Reader, top: LDict, code: str, body: Any) -> Rule | None:
    line = top.line_of(code)
    what = f"rule {code}"
    if not RULE_RE.match(code):
        reader.error(line, f"{what}: codes are a capital letter and a number, like T1 or A2")
    data = reader.mapping(body, line, what)
    if data is None:
        return None
    reader.keys(data, {"title", "severity", "explain", "law", "patterns", "unless"}, what)
    severity = data.get("severity")
    if severity not in SEVERITIES:
        reader.error(data.line_of("severity"), f"{what}: severity must be one of {SEVERITIES}")
    law = reader.str_list(data, "law", what)
    if not law:
        reader.error(data.line, f"{what}: cite at least one law reference id in 'law'")
    return Rule(
        code=code,
        title=reader.text(data, "title", what) or Text(code),
        severity=severity if severity in SEVERITIES else "critical",
        explain=reader.text(data, "explain", what) or Text(""),
        law=law,
        patterns=reader.patterns(data, "patterns", what),
        line=line,
        unless=reader.patterns(data, "unless", what),
    )


# --- scenarios -------------------------------------------------------------------------------


SCENARIO_KEYS = {
    "title", "summary", "persona", "call", "state", "skills", "start", "nodes", "tests",
    "max_turns", "law",
}  # fmt: skip


def load_scenario(
    path: str, text: str, scenario_id: str, course: str
) -> tuple[Scenario | None, list[Problem]]:
    """Parse one scenario file; return the Scenario (None if unusable) and the problems."""
    reader = Reader(path)
    data = read_source(reader, text)
    if data is None:
        return None, reader.problems
    top = reader.mapping(data, 1, "scenario file")
    if top is None:
        return None, reader.problems
    if not ID_RE.match(scenario_id):
        reader.error(1, f"file name {scenario_id!r}: use lowercase letters, digits and dashes")
    reader.keys(top, SCENARIO_KEYS, "scenario")
    scenario = _scenario(reader, top, scenario_id, course)
    return scenario, reader.problems


def _scenario(reader: Reader, top: LDict, scenario_id: str, course: str) -> Scenario | None:
    persona = _persona(reader, top)
    call = _call(reader, top)
    mood, trust, flags = _start_state(reader, top)
    skills = _skills(reader, top)
    nodes = parse_nodes(reader, top, skills, {f"flags.{name}" for name, _ in flags})
    start = top.get("start")
    if not isinstance(start, str):
        reader.error(top.line_of("start"), "scenario: 'start' must name the first node")
    if None in (persona, call) or not nodes or not isinstance(start, str):
        return None
    return Scenario(
        id=scenario_id,
        course=course,
        path=reader.path,
        title=reader.text(top, "title", "scenario") or Text(scenario_id),
        summary=reader.text(top, "summary", "scenario", required=False) or Text(""),
        persona=persona,
        call=call,
        mood=mood,
        trust=trust,
        flags=flags,
        skills=skills,
        start=start,
        nodes=nodes,
        tests=parse_tests(reader, top),
        max_turns=reader.integer(top, "max_turns", "scenario", default=40),
        law=reader.str_list(top, "law", "scenario"),
    )


def _persona(reader: Reader, top: LDict) -> Persona | None:
    data = reader.mapping(top.get("persona"), top.line_of("persona"), "persona")
    if data is None:
        return None
    what = "persona"
    reader.keys(data, {"name", "card_last4", "amount", "days_overdue", "situation", "answered_by"}, what)
    last4 = str(data.get("card_last4", ""))
    if not re.fullmatch(r"\d{4}", last4):
        reader.error(data.line_of("card_last4"), 'persona: card_last4 must be 4 digits in quotes, e.g. "4821"')
    amount = data.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
        reader.error(data.line_of("amount"), "persona: amount must be a number of yuan")
        amount = 0
    answered_by = data.get("answered_by", "debtor")
    if answered_by not in ANSWERERS:
        reader.error(data.line_of("answered_by"), f"persona: answered_by must be one of {ANSWERERS}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.error(data.line, "persona: missing 'name'")
        name = "?"
    return Persona(
        name=name,
        card_last4=last4,
        amount=float(amount),
        days_overdue=reader.integer(data, "days_overdue", what, default=0),
        situation=reader.text(data, "situation", what) or Text(""),
        answered_by=answered_by if answered_by in ANSWERERS else "debtor",
    )


def _call(reader: Reader, top: LDict) -> Call | None:
    data = reader.mapping(top.get("call"), top.line_of("call"), "call")
    if data is None:
        return None
    reader.keys(data, {"local_time", "allowed_hours", "agreed_time"}, "call")
    local = str(data.get("local_time", ""))
    hours = data.get("allowed_hours", ["08:00", "22:00"])
    ok_hours = isinstance(hours, list) and len(hours) == 2 and all(TIME_RE.match(str(h)) for h in hours)
    if not TIME_RE.match(local):
        reader.error(data.line_of("local_time"), 'call: local_time must be "HH:MM" in quotes')
        local = "12:00"
    if not ok_hours:
        reader.error(data.line_of("allowed_hours"), 'call: allowed_hours must be ["HH:MM", "HH:MM"]')
        hours = ["08:00", "22:00"]
    return Call(local, (str(hours[0]), str(hours[1])), bool(data.get("agreed_time", False)))


def _start_state(reader: Reader, top: LDict) -> tuple[int, int, tuple[tuple[str, bool], ...]]:
    data = reader.mapping(top.get("state", LDict()), top.line_of("state"), "state") or LDict()
    data.setdefault("mood", 0)
    reader.keys(data, {"mood", "trust", "flags"}, "state")
    mood = reader.integer(data, "mood", "state", default=0)
    trust = reader.integer(data, "trust", "state", default=0)
    for name, value in (("mood", mood), ("trust", trust)):
        if not -5 <= value <= 5:
            reader.error(data.line_of(name), f"state: {name} must be between -5 and 5")
    raw = data.get("flags", {}) or {}
    flags = []
    if not isinstance(raw, dict):
        reader.error(data.line_of("flags"), "state: flags must be a mapping of name: true/false")
        raw = {}
    for name, value in raw.items():
        if not isinstance(value, bool) or not ID_RE.match(str(name)):
            reader.error(raw.line_of(name), f"state: flag {name!r} must be a lowercase name set to true or false")
            continue
        flags.append((str(name), value))
    return mood, trust, tuple(flags)


def _skills(reader: Reader, top: LDict) -> dict[str, Skill]:
    data = reader.mapping(top.get("skills"), top.line_of("skills"), "skills")
    skills: dict[str, Skill] = {}
    for name, body in (data or {}).items():
        line = data.line_of(name)
        if name not in SKILLS:
            reader.error(line, f"skills: unknown skill {name!r} (known: {', '.join(SKILLS)})")
            continue
        if not isinstance(body, LDict):
            reader.error(line, f"skills: {name} needs {{cap: N, threshold: N}}")
            continue
        cap = reader.integer(body, "cap", f"skill {name}", default=1)
        threshold = reader.integer(body, "threshold", f"skill {name}", default=0)
        if cap < 1 or not 0 <= threshold <= cap:
            reader.error(line, f"skill {name}: need cap >= 1 and 0 <= threshold <= cap")
        skills[name] = Skill(max(cap, 1), threshold)
    return skills


