"""Free-text replies: normalise what the trainee typed, find rule violations, route by intent.

Normalising first means ``老 赖！``, ``老赖`` and full-width ``ＡＢＣ`` all match the same patterns,
so authors write patterns and intents for the plain, compact form. Pure module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from elearn.scenarios.schema import Move, Rule

_DROP_CATEGORIES = ("P", "Z", "C")


@dataclass(frozen=True)
class Hit:
    """A rule that fired, with the words that made it fire (empty for scripted options)."""

    code: str
    words: str = ""


def normalise(text: str) -> str:
    """Fold full/half width (NFKC), lower-case, and drop punctuation, spaces and controls."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _DROP_CATEGORIES)


def compile_pattern(source: str) -> re.Pattern:
    """Compile an author's pattern for matching against normalised text (re.error if invalid)."""
    return re.compile(normalise_pattern(source), re.IGNORECASE)


def normalise_pattern(source: str) -> str:
    """Fold width and case of a pattern and drop literal spaces, as the text will be."""
    return unicodedata.normalize("NFKC", str(source)).lower().replace(" ", "")


def violations_in(text: str, rules: Iterable[Rule]) -> tuple[Hit, ...]:
    """Every rule whose patterns match ``text``, once per rule, with the matched words."""
    plain = normalise(text)
    hits = []
    for rule in rules:
        for pattern in rule.patterns:
            found = pattern.search(plain)
            if found:
                hits.append(Hit(rule.code, found.group(0)))
                break
    return tuple(hits)


def route(text: str, intents: Iterable[Move], env: Mapping[str, object]) -> Move | None:
    """The first intent whose condition holds and whose phrases match ``text``, else None."""
    plain = normalise(text)
    for intent in intents:
        if intent.when is not None and not intent.when.evaluate(env):
            continue
        if any(pattern.search(plain) for pattern in intent.match):
            return intent
    return None
