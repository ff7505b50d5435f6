"""Turn a replayed run into what the player and the debrief show: bubbles, feedback, rules."""

from __future__ import annotations

from dataclasses import dataclass

from elearn.scenarios.rendering import feedback_key
from elearn.scenarios.schema import HANG_UP, Rule
from elearn.scenarios.services import Play
from elearn.scenarios.validate import moves


@dataclass(frozen=True)
class RuleNote:
    """A rule broken (with the words that fired it, for free text) or honoured."""

    code: str
    title: str
    severity: str
    words: str
    explain_html: str


@dataclass(frozen=True)
class Entry:
    """One exchange: the other party's line, then the agent's reply and its assessment."""

    number: int
    node: str
    other: str
    agent: str
    typed: bool
    understood: bool
    feedback_html: str
    broken: tuple[RuleNote, ...]
    honoured: tuple[RuleNote, ...]
    gained: tuple[tuple[str, int], ...]


def _note(rule: Rule | None, code: str, words: str, rendered: dict, lang: str) -> RuleNote:
    if rule is None:
        return RuleNote(code, code, "critical", words, "")
    html = rendered.get("rules", {}).get(code, {}).get(lang, "")
    return RuleNote(code, rule.title.pick(lang), rule.severity, words, html)


def _agent_line(play: Play, node_id: str, choice: str, text: str, lang: str) -> str:
    if text:
        return text
    if choice == HANG_UP:
        return ""
    move = next((m for m in moves(play.spec.nodes[node_id]) if m.id == choice), None)
    return move.text.pick(lang) if move and move.text else choice


def entries(play: Play, lang: str) -> list[Entry]:
    """Every turn of the call, oldest first."""
    rendered = play.rendered
    result = []
    heard = ""
    for number, turn in enumerate(play.state.turns, start=1):
        node = play.spec.nodes[turn.node]
        other = heard or node.say.pick(lang)
        heard = _fallback_say(play, turn, lang)
        fb = rendered.get("feedback", {}).get(feedback_key(turn.node, turn.choice), {}).get(lang, "")
        result.append(Entry(
            number=number, node=turn.node, other=other,
            agent=_agent_line(play, turn.node, turn.choice, turn.text, lang), typed=bool(turn.text),
            understood=turn.understood, feedback_html=fb,
            broken=tuple(_note(play.rules.get(h.code), h.code, h.words, rendered, lang) for h in turn.hits),
            honoured=tuple(_note(play.rules.get(c), c, "", rendered, lang) for c in turn.honours),
            gained=turn.gained,
        ))  # fmt: skip
    return result


def opening_notes(play: Play, lang: str) -> tuple[RuleNote, ...]:
    """Rules broken before the first word, i.e. calling outside the allowed hours (T1)."""
    rendered = play.rendered
    return tuple(_note(play.rules.get(h.code), h.code, h.words, rendered, lang) for h in play.state.opening_hits)


def _fallback_say(play: Play, turn, lang: str) -> str:
    if turn.understood:
        return ""
    node = play.spec.nodes[turn.node]
    say = node.free_text.fallback.say if node.free_text else None
    return say.pick(lang) if say else ""


def current_line(play: Play, lang: str) -> str:
    """What the other party says now: their line at this node, or "sorry, what?" after a misunderstanding."""
    turns = play.state.turns
    heard = _fallback_say(play, turns[-1], lang) if turns else ""
    return heard or play.spec.nodes[play.state.node].say.pick(lang)


def violations_summary(play: Play, lang: str) -> list[RuleNote]:
    """Each broken rule once, with the words that first fired it, critical first."""
    rendered = play.rendered
    seen: dict[str, RuleNote] = {}
    for hit in play.state.hits:
        if hit.code not in seen:
            seen[hit.code] = _note(play.rules.get(hit.code), hit.code, hit.words, rendered, lang)
    order = {"critical": 0, "major": 1, "minor": 2}
    return sorted(seen.values(), key=lambda note: order.get(note.severity, 0))
