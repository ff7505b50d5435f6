"""Default names for GIFT questions without `::name::`, derived from the question text as Moodle does (pure).

Moodle (question/format/gift/format.php, question/format.php) names such a question
`clean_question_name(shorten_text(questiontext, 80))`: the question text with the answer block removed
(or replaced by `_____` when text follows it), shortened to 80 characters with `...` on a word boundary
(or at any Chinese, Japanese or Korean character), then stripped of HTML tags and trimmed.
"""

from __future__ import annotations

import re

IDEAL = 80
ENDING = "..."
TAG_RE = re.compile(r"<.*?>")
PART_RE = re.compile(r"(<.+?>)?([^<>]*)", re.S)
ENTITY_RE = re.compile(r"&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};", re.I)


def _break_at(plain: str, limit: int) -> int:
    """Where Moodle cuts a text part that runs past the limit: after the last space, full stop or CJK character."""
    pos = limit
    while pos > 0:
        char = plain[pos:pos + 1]
        if char and (char in ". " or len(char.encode("utf-8")) > 2):
            pos += 1
            break
        pos -= 1
    return limit if pos == 0 or pos > limit else pos


def _cut(plain: str, left: int) -> str:
    entities = 0
    for match in ENTITY_RE.finditer(plain):   # an entity counts as one character
        if match.start() + 1 - entities > left:
            break
        left -= 1
        entities += len(match.group())
    return plain[:_break_at(plain, left + entities)]


def shorten_text(text: str, ideal: int = IDEAL, ending: str = ENDING) -> str:
    """Moodle's shorten_text(): the text if its plain part fits `ideal` characters, else cut and `ending` added.

    Tags are kept uncounted; the closing tags Moodle appends are left out, since a question name is plain text.
    """
    if len(TAG_RE.sub("", text)) <= ideal:
        return text
    total, out = len(ending), []
    for match in PART_RE.finditer(text):
        tag, plain = match.group(1) or "", match.group(2)
        out.append(tag)
        length = len(ENTITY_RE.sub(" ", plain))
        if total + length > ideal:
            out.append(_cut(plain, ideal - total))
            break
        out.append(plain)
        total += length
        if total >= ideal:
            break
    return "".join(out) + ending


def clean_name(name: str) -> str:
    """Moodle's clean_question_name(): tags stripped (PARAM_TEXT), trimmed, at most 255 characters."""
    name = re.sub(r"<[^>]*>?", "", name).strip(" \t\n\r\0\x0b")
    trim = 251
    while len(name) > 255 and trim > 0:
        name = shorten_text(name, trim)
        trim -= 10
    return name


def question_text(text: str, start: int, finish: int) -> str:
    """The question text Moodle names from: the `{...}` block (start..finish) removed, or `_____` mid-sentence."""
    if start < 0:
        return text
    if text.endswith("}"):
        return text[:start] + text[finish + 1:]
    return text[:start] + "_____" + text[finish + 1:]


def default_name(text: str, fallback: str) -> str:
    """The name Moodle gives a question with this (unescaped, format-stripped) text; `fallback` if it comes out blank.

    Moodle falls back to the words "Question name"; we fall back to the question's id, which is more useful.
    """
    return clean_name(shorten_text(text.strip())) or fallback
