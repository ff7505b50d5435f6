"""Search helpers that work for Chinese text (no word spaces): terms and highlighted snippets.

Pure: the database finds candidate lessons; these functions pick the words to
match and cut the snippet a learner sees, as (text, highlighted) segments so
templates can wrap matches in <mark> without trusting any HTML.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TERMS = 5


def normalise(text: str) -> str:
    """NFKC (full-width -> half-width) and lower case, so 'ＡＢＣ' finds 'abc'."""
    return unicodedata.normalize("NFKC", text or "").lower()


def query_terms(query: str) -> list[str]:
    """Split a query on spaces into up to MAX_TERMS distinct, normalised terms."""
    terms: list[str] = []
    for term in normalise(query).split():
        term = term.strip("\"'“”‘’，。、；：！？,.;:!?")
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def matches_all(text: str, terms: list[str]) -> bool:
    """True when every term occurs in `text` (after normalising)."""
    hay = normalise(text)
    return all(term in hay for term in terms)


def snippet(text: str, terms: list[str], width: int = 60) -> list[tuple[str, bool]]:
    """A window of about `width` characters around the first match, as (segment, is_match) pairs."""
    norm = normalise(text)
    if len(norm) != len(text):  # NFKC changed lengths (rare ligatures): search the raw text instead
        norm = text.lower()
    positions = [norm.find(term) for term in terms if term and norm.find(term) >= 0]
    first = min(positions, default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window, norm_window = text[start:end], norm[start:end]
    pattern = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if t)
    segments: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = 0
    for m in re.finditer(pattern, norm_window) if pattern else ():
        if m.start() > cursor:
            segments.append((window[cursor : m.start()], False))
        segments.append((window[m.start() : m.end()], True))
        cursor = m.end()
    if cursor < len(window):
        segments.append((window[cursor:], False))
    if end < len(text):
        segments.append(("…", False))
    return segments
