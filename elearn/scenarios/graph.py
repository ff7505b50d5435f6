"""Draw a scenario graph as SVG on the server: no external service, no JavaScript.

Nodes are laid out in columns by their distance from the start; edges that carry a violation are
drawn red and dashed, endings are green (or amber for complaint, escalation and hang-up). Pure module.
"""

from __future__ import annotations

from collections import deque
from html import escape

from elearn.scenarios.schema import Scenario
from elearn.scenarios.validate import moves

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 136, 44, 52, 26, 16
GOOD_ENDINGS = {"payment_promised", "plan_agreed", "callback", "dispute_logged"}


def layers(scenario: Scenario) -> dict[str, int]:
    """Column of each node: breadth-first distance from start (unreachable nodes go last)."""
    depth = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        for move in moves(scenario.nodes[node_id]):
            if move.next in scenario.nodes and move.next not in depth:
                depth[move.next] = depth[node_id] + 1
                queue.append(move.next)
    last = max(depth.values(), default=0) + 1
    return {node_id: depth.get(node_id, last) for node_id in scenario.nodes}


def positions(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Top-left corner of each node's box."""
    columns: dict[int, list[str]] = {}
    for node_id, column in layers(scenario).items():
        columns.setdefault(column, []).append(node_id)
    return {
        node_id: (PAD + column * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y))
        for column, ids in columns.items()
        for row, node_id in enumerate(ids)
    }


# Presentation attributes (not style attributes), so the strict CSP needs no stylesheet for the graph.
COLOURS = {
    "start": ('fill="#dbeafe" stroke="#1d4ed8"'),
    "node": ('fill="#f8fafc" stroke="#64748b"'),
    "free": ('fill="#ede9fe" stroke="#6d28d9"'),
    "good": ('fill="#dcfce7" stroke="#15803d"'),
    "bad": ('fill="#fef3c7" stroke="#b45309"'),
}
EDGE = 'fill="none" stroke="#64748b" stroke-width="1.5"'
EDGE_BAD = 'fill="none" stroke="#dc2626" stroke-width="2.5" stroke-dasharray="6 4"'


def _node_kind(scenario: Scenario, node_id: str) -> str:
    node = scenario.nodes[node_id]
    if node.ending:
        return "good" if node.ending in GOOD_ENDINGS else "bad"
    return "start" if node_id == scenario.start else ("free" if node.free_text else "node")


def _edge(x1: float, y1: float, x2: float, y2: float, bad: bool, label: str) -> str:
    attrs = EDGE_BAD if bad else EDGE
    mid = (x1 + x2) / 2
    path = f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    kind = "bad" if bad else "ok"
    return (f'<path class="edge-{kind}" {attrs} d="{path}" marker-end="url(#arrow-{kind})">'
            f"<title>{escape(label)}</title></path>")


def _backward(x1: float, y1: float, x2: float, y2: float, bad: bool, label: str) -> str:
    """An edge to an earlier column (or the same node): a loop under the boxes, right to left."""
    attrs = EDGE_BAD if bad else EDGE
    kind = "bad" if bad else "ok"
    low = max(y1, y2) + BOX_H / 2 + GAP_Y / 2
    path = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{low:.0f} {x2:.0f},{low:.0f} {x2:.0f},{y2:.0f}"
    return (f'<path class="edge-{kind}" {attrs} d="{path}" marker-end="url(#arrow-{kind})">'
            f"<title>{escape(label)}</title></path>")


def _edges(scenario: Scenario, pos: dict[str, tuple[int, int]]) -> list[str]:
    parts = []
    for node in scenario.nodes.values():
        x, y = pos[node.id]
        for index, move in enumerate(moves(node)):
            if move.next not in pos:
                continue
            tx, ty = pos[move.next]
            rules = f" ({', '.join(move.violations)})" if move.violations else ""
            label = f"{node.id} → {move.next}: {move.id}{rules}"
            spread = (index % 5 - 2) * 5  # parallel edges leave at slightly different heights
            if tx <= x:
                parts.append(_backward(x + BOX_W * 0.7, y + BOX_H, tx + BOX_W * 0.3, ty + BOX_H, bool(move.violations),
                                       label))
            else:
                parts.append(_edge(x + BOX_W, y + BOX_H / 2 + spread, tx, ty + BOX_H / 2, bool(move.violations),
                                   label))
    return parts


def render_svg(scenario: Scenario, title: str, captions: dict[str, str] | None = None) -> str:
    """The whole graph as an accessible inline SVG string (ids are escaped).

    ``captions`` translates "free_text", "options" (a format with ``{n}``) and "outcomes" (a mapping).
    The SVG scales to its container's width.
    """
    captions = captions or {"free_text": "free text", "options": "{n} options", "outcomes": {}}
    pos = positions(scenario)
    width = max((x for x, _ in pos.values()), default=0) + BOX_W + PAD
    height = max((y for _, y in pos.values()), default=0) + BOX_H + PAD + GAP_Y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="scenario-graph" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="graph-title">',
        f'<title id="graph-title">{escape(title)}</title>',
        '<defs><marker id="arrow-ok" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path fill="#64748b" d="M0,0 L10,5 L0,10 z"/></marker>'
        '<marker id="arrow-bad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path fill="#dc2626" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    parts += _edges(scenario, pos)
    for node_id, (x, y) in pos.items():
        node = scenario.nodes[node_id]
        if node.ending:
            caption = str(captions.get("outcomes", {}).get(node.ending, node.ending))
        else:
            caption = captions["free_text"] if node.free_text else captions["options"].format(n=len(node.options))
        kind = _node_kind(scenario, node_id)
        parts.append(
            f'<g class="node-{kind}"><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'{COLOURS[kind]}/><text x="{x + 10}" y="{y + 18}" font-size="13" font-weight="600" '
            f'fill="#0f172a">{escape(node_id)}</text>'
            f'<text x="{x + 10}" y="{y + 34}" font-size="11" fill="#475569">{escape(caption)}</text>'
            f"<title>{escape(node.say.zh)}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
