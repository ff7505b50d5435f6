"""Moodle GIFT import: read a GIFT file into Questions (pure); writing is in `gift_export`.

Follows Moodle's question/format/gift/format.php (see shared/domain/quiz-reference.md): blank lines separate
questions, `//` comment lines carry `[id:...]`, `[tag:...]` (and our `[points:...]`, `[law:...]`,
`[guidance:...]`), `$CATEGORY:` becomes a tag, `::name::` (else named from the text, `gift_names`),
`[html]`/`[markdown]`/`[plain]`/`[moodle]`
formats, `\\` escapes, `%weight%`, `#feedback` and `####general feedback`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3

from elearn.quizzes.bank import Accepted, Choice, NumericAnswer, Pair, Question
from elearn.quizzes.gift_names import default_name, question_text

ESCAPES = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006"}
NEWLINE = "\ue007"   # an escaped \n: a line break, as Moodle shows it
UNESCAPE = {**{v: k for k, v in ESCAPES.items()}, NEWLINE: "\n"}
HARD_BREAK_RE = re.compile(" *" + NEWLINE)
WEIGHT_RE = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]")
META_RE = re.compile(r"\[(id|tag|points|law|guidance):((?:\\\]|[^\]])*)\]")
QUESTION_LINE_RE = re.compile(r"^//\s*question:\s")
TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class GiftError(ValueError):
    """A question that cannot be read; the message says why."""


@dataclass
class GiftResult:
    """What a GIFT file held: the questions read and (line, reason) for each one that could not be."""

    questions: list[Question] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Block:
    line: int
    text: str
    meta: dict[str, list[str]]
    category: str


def decode(data: bytes) -> str:
    """GIFT files must be UTF-8 (a byte-order mark is allowed); raises GiftError otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GiftError("GIFT format files must use UTF-8") from exc


def parse_gift(text: str, id_prefix: str = "gift") -> GiftResult:
    """Read every question of a GIFT text. Bad questions are reported with their first line and skipped."""
    result = GiftResult()
    seen: set[str] = set()
    for number, block in enumerate(_blocks(text), start=1):
        try:
            question = _question(block, f"{id_prefix}-{number}")
        except GiftError as exc:
            result.problems.append((block.line, str(exc)))
            continue
        if question.id in seen:
            result.problems.append((block.line, f"question id {question.id!r} is used twice"))
            continue
        seen.add(question.id)
        result.questions.append(question)
    return result


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[str] = []
    meta: dict[str, list[str]] = {}
    start, category = 0, ""
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n") + [""], start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            # the exporters' `// question: <id>  name: <name>` line repeats the name, which may hold `[[law:...]]`
            for key, value in ([] if QUESTION_LINE_RE.match(stripped) else META_RE.findall(stripped)):
                meta.setdefault(key, []).append(value.replace("\\]", "]").strip())
            start = start or number
            continue
        if stripped:
            lines.append(raw)
            start = start or number
            continue
        joined = "\n".join(lines).strip()
        if joined.startswith("$CATEGORY:"):
            category = joined.removeprefix("$CATEGORY:").strip()
        elif joined:
            blocks.append(_Block(start, joined, meta, category))
        lines, meta, start = [], {}, 0
    return blocks


def _escape_in(text: str) -> str:
    def replace(match: re.Match) -> str:
        char = match.group(1)
        if char == "n":
            return NEWLINE
        return ESCAPES.get(char, match.group(0))

    return re.sub(r"\\(.)", replace, text)


def _unescape(text: str) -> str:
    for placeholder, char in UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


def _question(block: _Block, fallback_id: str) -> Question:
    text = _escape_in(block.text)
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError("the question name is not closed with '::'")
        name, text = _unescape(text[2:end]).strip(), text[end + 2:].strip()
    fmt, text = _format(text, "markdown")
    fields = _body(text, fmt)
    qid = (block.meta.get("id") or [""])[0] or _slug(name) or fallback_id
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", qid):
        raise GiftError(f"question id {qid!r} must be ASCII letters, digits, '-', '_' or '.'")
    if not name:
        start = text.find("{")
        name = default_name(_unescape(question_text(text, start, text.find("}", start))), qid)
    tags = list(block.meta.get("tag", []))
    category_tag = block.category.rstrip("/").split("/")[-1].strip() if block.category else ""
    if category_tag and category_tag not in ("$course$", "$system$", "$module$", "top") and category_tag not in tags:
        tags.append(category_tag)
    points = _points(block.meta, fields["type"])
    return Question(id=qid, name=name, format=fmt, tags=tuple(tags), points=points,
                    law=tuple(block.meta.get("law", [])),
                    guidance=_unescape((block.meta.get("guidance") or [""])[0]) if fields["type"] == "essay" else "",
                    line=block.line, **fields)


def _points(meta: dict[str, list[str]], qtype: str) -> float:
    if qtype == "description":
        return 0.0
    raw = (meta.get("points") or ["1"])[0]
    try:
        points = float(raw)
    except ValueError as exc:
        raise GiftError(f"[points:{raw}] is not a number") from exc
    if points <= 0:
        raise GiftError("[points:...] must be more than 0")
    return points


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return slug if slug and len(slug) <= 60 and slug.isascii() else ""


def _format(text: str, default: str) -> tuple[str, str]:
    match = FORMAT_RE.match(text.lstrip())
    if not match:
        return default, text
    fmt = {"moodle": "markdown"}.get(match.group(1), match.group(1))
    return fmt, text.lstrip()[match.end():]


def _convert(text: str, source: str, target: str) -> str:
    """Bring a part written in another format to the question's format (HTML is sanitised).

    An escaped `\\n` in Markdown becomes a hard line break (two spaces and a newline), so it shows as the line
    break Moodle shows; elsewhere it is a plain newline.
    """
    if source == target == "markdown":
        text = HARD_BREAK_RE.sub("  " + NEWLINE, text)
    text = _unescape(text).strip()
    if source == "html":
        text = nh3.clean(text) if target != "plain" else nh3.clean(text, tags=set())
        return html.unescape(text) if target == "plain" else text
    if target == "html" and source != "html":
        return html.escape(text)
    return text


def _part(text: str, qfmt: str) -> str:
    fmt, rest = _format(text.strip(), qfmt)
    return _convert(rest, fmt, qfmt)


def _body(text: str, fmt: str) -> dict:
    start = text.find("{")
    if start < 0:
        if "}" in text:
            raise GiftError("a '}' has no matching '{' (escape it as \\})")
        return {"type": "description", "stem": _convert(text, fmt, fmt)}
    finish = text.find("}", start)
    if finish < 0:
        raise GiftError("the answer block '{' is not closed with '}'")
    answers = text[start + 1:finish].strip()
    before, after = text[:start], text[finish + 1:]
    if "{" in after or "}" in after:
        raise GiftError("a question has only one answer block {...}; escape other braces as \\{ and \\}")
    general = ""
    if "####" in answers:
        answers, general = answers[: answers.rfind("####")].strip(), answers[answers.rfind("####") + 4:]
        general = _part(general, fmt)
    fields = _answers(answers, fmt)
    fields["explanation"] = general
    fields["stem"] = _stem(before, after, fields, fmt)
    return fields


def _stem(before: str, after: str, fields: dict, fmt: str) -> str:
    if not after.strip():
        return _convert(before, fmt, fmt)
    if fields["type"] == "short" and all(a.fraction == 1.0 and not a.feedback for a in fields["accepted"]) \
            and all("*" not in a.text for a in fields["accepted"]):
        fields["type"] = "fill"
        fields["blanks"] = (tuple(a.text for a in fields.pop("accepted")),)
        return _convert(before, fmt, fmt) + "{{1}}" + _convert(after, fmt, fmt)
    if fields["type"] == "essay":
        raise GiftError("an essay's empty braces {} must end the question")
    return (_convert(before, fmt, fmt) + " _____ " + _convert(after, fmt, fmt)).strip()


def _answers(answers: str, fmt: str) -> dict:
    if answers == "":
        return {"type": "essay"}
    if answers.startswith("#"):
        return {"type": "numerical", "numeric": _numerical(answers[1:].strip(), fmt)}
    if "~" in answers:
        return _choice(answers, fmt)
    if "=" in answers and "->" in answers:
        return _matching(answers, fmt)
    head, *feedback = answers.split("#")
    if head.strip().upper() in TF and len(feedback) <= 2:
        wrong, right = (feedback + ["", ""])[:2]
        value = TF[head.strip().upper()]
        fb_true, fb_false = (_part(right, fmt), _part(wrong, fmt)) if value else (_part(wrong, fmt), _part(right, fmt))
        return {"type": "truefalse", "answer": value, "feedback_true": fb_true, "feedback_false": fb_false}
    return {"type": "short", "accepted": _short(answers, fmt)}


def _split(answers: str, markers: str) -> list[tuple[str, str]]:
    """Split an answer block at each marker character, keeping which marker opened each answer."""
    parts = re.split(f"([{re.escape(markers)}])", answers)
    if parts[0].strip():
        raise GiftError(f"unexpected text {_unescape(parts[0].strip())!r} before the first answer")
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def _weight(text: str, default: float) -> tuple[float, str]:
    text = text.strip()
    if not WEIGHT_RE.match(text):
        if text.startswith("%"):
            raise GiftError(f"bad weight in {_unescape(text)!r}: write %50% or %-33.3%")
        return default, text
    end = text.index("%", 1)
    value = float(text[1:end].replace("--", "-")) / 100
    if not -1.0 <= value <= 1.0:
        raise GiftError(f"weight {text[: end + 1]} is outside -100%..100%")
    return value, text[end + 1:]


def _feedback(text: str, fmt: str) -> tuple[str, str]:
    answer, _, feedback = text.partition("#")
    return answer, _part(feedback, fmt) if feedback else ""


def _choice(answers: str, fmt: str) -> dict:
    single = "=" in answers
    options = []
    for i, (marker, raw) in enumerate(_split(answers, "=~")):
        fraction, rest = _weight(raw, 1.0 if marker == "=" else 0.0)
        answer, feedback = _feedback(rest, fmt)
        if not answer.strip():
            raise GiftError(f"answer {i + 1} is empty")
        options.append(Choice(str(i), _part(answer, fmt), fraction, feedback))
    if len(options) < 2:
        raise GiftError("a multiple choice question needs at least 2 answers")
    return {"type": "single" if single else "multiple", "options": tuple(options)}


def _matching(answers: str, fmt: str) -> dict:
    pairs, distractors = [], []
    entries = _split(answers, "=")
    if len(entries) < 2:
        raise GiftError("a matching question needs at least 2 pairs '=left -> right'")
    for _, entry in entries:
        if "->" not in entry:
            raise GiftError(f"matching entry {_unescape(entry)!r} has no '->'")
        left, _, right = entry.partition("->")
        if not right.strip():
            raise GiftError(f"matching entry {_unescape(entry)!r} has no right-hand side")
        if left.strip():
            pairs.append(Pair(_part(left, fmt), _part(right, fmt)))
        else:
            distractors.append(_part(right, fmt))
    if len(pairs) < 2:
        raise GiftError("a matching question needs at least 2 pairs '=left -> right'")
    return {"type": "matching", "pairs": tuple(pairs), "distractors": tuple(distractors)}


def _short(answers: str, fmt: str) -> tuple[Accepted, ...]:
    accepted = []
    for _marker, raw in _split(answers, "="):
        fraction, rest = _weight(raw, 1.0)
        answer, feedback = _feedback(rest, fmt)
        if not answer.strip():
            raise GiftError("a short answer is empty")
        accepted.append(Accepted(_part(answer, fmt), fraction, feedback))
    if not accepted:
        raise GiftError("a short answer question needs at least 1 answer '=text'")
    return tuple(accepted)


def _numerical(answers: str, fmt: str) -> tuple[NumericAnswer, ...]:
    entries = _split(answers, "=~") if answers[:1] in ("=", "~") else [("=", answers)]
    numeric = []
    for marker, raw in entries:
        fraction, rest = _weight(raw, 1.0 if marker == "=" else 0.0)
        value, feedback = _feedback(rest, fmt)
        if marker == "~" or value.strip() == "*":
            numeric.append(NumericAnswer(None, 0.0, 0.0 if marker == "~" else fraction, feedback))
        else:
            numeric.append(_number(_unescape(value).strip(), fraction, feedback))
    if not any(n.value is not None for n in numeric):
        raise GiftError("a numerical question needs at least one number, e.g. {#42} or {#42:1}")
    return tuple(numeric)


def _number(text: str, fraction: float, feedback: str) -> NumericAnswer:
    try:
        if ".." in text:
            low, high = (float(v) for v in text.split("..", 1))
            if low > high:
                raise GiftError(f"range {text} runs backwards")
            return NumericAnswer((low + high) / 2, (high - low) / 2, fraction, feedback)
        value, _, tolerance = text.partition(":")
        return NumericAnswer(float(value), abs(float(tolerance or 0)), fraction, feedback)
    except ValueError as exc:
        raise GiftError(f"{text!r} is not a number, a number:tolerance or a min..max range") from exc
