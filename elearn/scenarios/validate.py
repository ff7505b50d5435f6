"""Graph checks for a loaded scenario, and checks against the rules and law references.

A broken graph is a content error that names the file and the line of the node or option at
fault: unknown targets, unreachable nodes, dead ends (cycles without an exit), unknown rule
codes and unknown or repealed law ids. Pure module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from elearn.core.problems import Problem
from elearn.scenarios.schema import Move, Node, Rule, Scenario, Text

CITATION_RE = re.compile(r"\[\[law:([^\]\s]*)\]\]")


def moves(node: Node) -> tuple[Move, ...]:
    """Every way out of a node: its options, or its intents and fallback."""
    if node.free_text is None:
        return node.options
    return node.free_text.intents + (node.free_text.fallback,)


def graph_problems(scenario: Scenario) -> list[Problem]:
    """Targets exist, every node is reachable from start, every node can reach an ending."""
    path, nodes = scenario.path, scenario.nodes
    problems = []
    if scenario.start not in nodes:
        return [Problem(path, 1, f"start node {scenario.start!r} does not exist")]
    for node in nodes.values():
        for move in moves(node):
            if move.next and move.next not in nodes:
                problems.append(Problem(path, move.next_line, f"node {node.id}: {move.id!r} leads to "
                                        f"unknown node {move.next!r}"))
    if not scenario.endings:
        problems.append(Problem(path, 1, "the scenario has no ending node (add a node with 'ending:')"))
    problems += _unreachable(scenario) + _dead_ends(scenario)
    return problems


def _edges(scenario: Scenario) -> dict[str, set[str]]:
    return {
        node.id: {m.next for m in moves(node) if m.next in scenario.nodes}
        for node in scenario.nodes.values()
    }


def _unreachable(scenario: Scenario) -> list[Problem]:
    edges, seen, todo = _edges(scenario), {scenario.start}, [scenario.start]
    while todo:
        for target in edges[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return [
        Problem(scenario.path, node.line, f"node {node.id} cannot be reached from {scenario.start!r}")
        for node in scenario.nodes.values()
        if node.id not in seen
    ]


def _dead_ends(scenario: Scenario) -> list[Problem]:
    edges = _edges(scenario)
    good = {node.id for node in scenario.endings}
    changed = True
    while changed:
        before = len(good)
        good |= {source for source, targets in edges.items() if targets & good}
        changed = len(good) != before
    return [
        Problem(scenario.path, node.line, f"node {node.id} can never reach an ending "
                "(a loop without an exit, or a node without choices)")
        for node in scenario.nodes.values()
        if node.id not in good
    ]


def _texts(move: Move) -> Iterable[Text]:
    return (t for t in (move.text, move.feedback, move.say) if t is not None)


def rule_problems(scenario: Scenario, rules: Mapping[str, Rule]) -> list[Problem]:
    """Every violation or honoured rule code a move names must be in the rules file."""
    problems = []
    for node in scenario.nodes.values():
        for move in moves(node):
            for code in move.violations + move.honours:
                if code not in rules:
                    problems.append(Problem(scenario.path, move.line, f"node {node.id}: {move.id!r} "
                                            f"names unknown rule {code!r} (see courses/_rules.yml)"))
        if node.free_text is not None:
            for code in node.free_text.allow:
                if code not in rules:
                    problems.append(Problem(scenario.path, node.line, f"node {node.id}: allow names "
                                            f"unknown rule {code!r}"))
    for test in scenario.tests:
        for code in test.expect_violations or ():
            if code not in rules:
                problems.append(Problem(scenario.path, test.line, f"test {test.name!r}: unknown rule {code!r}"))
    return problems


def cited_ids(scenario: Scenario) -> list[tuple[int, str]]:
    """(line, reference id) for every ``[[law:id]]`` in the scenario's texts and its ``law`` list."""
    found = [(1, law_id) for law_id in scenario.law]
    for node in scenario.nodes.values():
        found += [(node.line, m) for m in CITATION_RE.findall(node.say.zh + " " + node.say.en)]
        for move in moves(node):
            for text in _texts(move):
                found += [(move.line, m) for m in CITATION_RE.findall(text.zh + " " + text.en)]
    return found


def _status(ref) -> str:
    """A reference's status, whether it is a loaded Reference or the stored fields mapping."""
    if isinstance(ref, Mapping):
        return str(ref.get("status", "in_force"))
    return str(getattr(ref, "status", "in_force"))


def law_problems(path: str, cited: Iterable[tuple[int, str]], refs: Mapping) -> list[Problem]:
    """Each cited id must be a declared reference that is not repealed."""
    problems = []
    for line, law_id in cited:
        ref = refs.get(law_id)
        if ref is None:
            problems.append(Problem(path, line, f"unknown law reference {law_id!r} (see courses/_references/)"))
        elif _status(ref) == "repealed":
            problems.append(Problem(path, line, f"law reference {law_id!r} is repealed; cite what replaced it"))
    return problems
