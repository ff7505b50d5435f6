"""Render a version's feedback and rule explanations to safe HTML once, at publish.

Feedback may cite the law (``[[law:civil-code-1033]]``); the courses domain renders citations as
chips linked to the glossary. Needs an app context (the glossary is read from the database).
"""

from __future__ import annotations

from elearn.scenarios.schema import Rule, Scenario, Text
from elearn.scenarios.validate import moves


def _both(text: Text, refs) -> dict[str, str]:
    from elearn.courses.markdown import render_markdown

    return {"zh": render_markdown(text.zh, refs), "en": render_markdown(text.en or text.zh, refs)}


def feedback_key(node_id: str, move_id: str) -> str:
    return f"{node_id}/{move_id}"


def render_version(spec: Scenario, rules: dict[str, Rule]) -> dict:
    """{"feedback": {"node/move": {zh, en}}, "rules": {code: {zh, en}}} as sanitised HTML."""
    from elearn.courses.publishing import reference_fields

    refs = reference_fields()
    feedback = {
        feedback_key(node.id, move.id): _both(move.feedback, refs)
        for node in spec.nodes.values()
        for move in moves(node)
        if move.feedback is not None
    }
    explained = {}
    for code, rule in rules.items():
        chips = " ".join(f"[[law:{law_id}]]" for law_id in rule.law)
        explained[code] = _both(Text(f"{rule.explain.zh}\n\n{chips}", f"{rule.explain.en}\n\n{chips}"), refs)
    return {"feedback": feedback, "rules": explained}
