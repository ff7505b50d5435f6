"""Render a version's feedback and rule explanations to safe HTML once, at publish.

Feedback may cite the law (``[[law:civil-code-1033]]``); the courses domain renders citations as
chips linked to the glossary, labelled in the language of the text around them ("民法典 第一千零三十三条"
in Chinese, "Civil Code Art. 1033" in English). Needs an app context (the glossary is read from the
database).
"""

from __future__ import annotations

from elearn.scenarios.schema import Rule, Scenario, Text
from elearn.scenarios.validate import moves

# Stored with each version's rendering; a version rendered in an older format is rendered again when
# shown (2: law chips in the English text are labelled in English).
RENDER_FORMAT = 2


def _both(text: Text, refs) -> dict[str, str]:
    from elearn.courses.markdown import render_document

    return {"zh": render_document(text.zh, refs, lang="zh").html,
            "en": render_document(text.en or text.zh, refs, lang="en").html}


def is_current(rendered: dict | None) -> bool:
    """True when a stored rendering was made in the current ``RENDER_FORMAT``."""
    return bool(rendered) and rendered.get("format") == RENDER_FORMAT


def feedback_key(node_id: str, move_id: str) -> str:
    return f"{node_id}/{move_id}"


def render_version(spec: Scenario, rules: dict[str, Rule]) -> dict:
    """{"format": n, "feedback": {"node/move": {zh, en}}, "rules": {code: {zh, en}}} as sanitised HTML."""
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
    return {"format": RENDER_FORMAT, "feedback": feedback, "rules": explained}
