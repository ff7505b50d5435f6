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


# Words that, just before a rule's words in the same clause, turn a claim into its denial:
# "我不会说您被通缉", "银行不会向您索要验证码", "您没有被起诉", "不建议您借网贷".
NEGATIONS = ("不会", "不能", "不得", "不要", "不用", "不必", "无需", "无权", "绝不", "从不", "并不", "没有",
             "不是", "请勿", "严禁", "禁止", "不建议", "不应", "避免", "以免", "防止", "谨防", "警惕")
NEGATION_WINDOW = 8
# A negation right after one of these is the consequence of a condition, not a denial:
# "还了就不会抓你" still threatens an arrest.
_CONDITIONAL = ("就", "才", "否则", "不然")
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n…]")
# Within a sentence; a comma between two digits ("4,100") is a thousands separator, not a break.
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,，]|[,，](?!\d)|[：:、]")


# Quoting someone in order to warn about them is a mention, not a use: in a sentence that also says
# the quoted words are a scam or an impostor's ("有人冒充警察说“你被通缉了”，那是诈骗"), the quoted part
# is not checked. Quotation marks for emphasis, without such words, change nothing.
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’]*)[”\"」』’]")
MENTION_CUES = ("冒充", "诈骗", "假冒", "假的", "不是真的", "骗局")


def _without_mentions(sentence: str) -> str:
    outside = _QUOTED.sub("", sentence)
    if outside != sentence and any(cue in outside for cue in MENTION_CUES):
        return _QUOTED.sub("，", sentence)
    return sentence


def sentences(text: str) -> list[list[str]]:
    """The text as sentences, each a list of normalised clauses (empty ones dropped)."""
    found = []
    for sentence in _SENTENCE_BREAK.split(unicodedata.normalize("NFKC", text or "")):
        sentence = _without_mentions(sentence)
        parts = [plain for plain in (normalise(part) for part in _CLAUSE_BREAK.split(sentence)) if plain]
        if parts:
            found.append(parts)
    return found


def negated(clause: str, start: int) -> bool:
    """True if a negation word ends within ``NEGATION_WINDOW`` characters before ``start``."""
    for cue in NEGATIONS:
        at = clause.rfind(cue, max(0, start - NEGATION_WINDOW - len(cue)), start)
        if at >= 0 and not clause[:at].endswith(_CONDITIONAL):
            return True
    return False


def _first_use(sentence: list[str], rule: Rule) -> str | None:
    """The words of the first match of ``rule`` in a sentence that is neither negated nor excused."""
    if any(pattern.search("".join(sentence)) for pattern in rule.unless):
        return None
    for clause in sentence:
        for pattern in rule.patterns:
            for found in pattern.finditer(clause):
                if found.group(0) and not negated(clause, found.start()):
                    return found.group(0)
    return None


def violations_in(text: str, rules: Iterable[Rule]) -> tuple[Hit, ...]:
    """Every rule some clause of ``text`` breaks, once per rule, with the matched words.

    Patterns match one clause at a time (split at commas, colons and enumeration marks). A match is
    ignored when a negation word stands just before it in its clause (``negated``), when one of the
    rule's ``unless`` patterns matches anywhere in the same sentence, or when it is inside quotation
    marks in a sentence that calls the quote a scam or an impostor's (``MENTION_CUES``).
    """
    parts = sentences(text)
    hits = []
    for rule in rules:
        for sentence in parts:
            words = _first_use(sentence, rule)
            if words:
                hits.append(Hit(rule.code, words))
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
