"""Writing a question bank as Moodle GIFT (pure), the inverse of `elearn.quizzes.gift`.

Follows the shape of Moodle's exporter: a `// question:` comment, `::name::`, `[format]`, tab-indented answers,
explicit `%100%` weights for short and numerical answers and `####` general feedback. Our own metadata travels
in `// [id:...] [tag:...] [points:...] [law:...] [guidance:...]` comments, which Moodle ignores.
"""

from __future__ import annotations

from elearn.quizzes.bank import Question
from elearn.quizzes.gift import GiftError


def _esc(text: str) -> str:
    """Escape GIFT's special characters in a text written to a file."""
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _pct(fraction: float) -> str:
    return f"%{_num(round(fraction * 100, 5))}%"


def _fb(text: str) -> str:
    return f"#{_esc(text)}" if text else ""


def _meta(question: Question) -> str:
    parts = [f"[id:{question.id}]"] + [f"[tag:{t.replace(']', chr(92) + ']')}]" for t in question.tags]
    if question.points != 1.0 and question.graded:
        parts.append(f"[points:{_num(question.points)}]")
    parts += [f"[law:{ref}]" for ref in question.law]
    if question.guidance:
        parts.append(f"[guidance:{question.guidance.replace(']', chr(92) + ']').replace(chr(10), ' ')}]")
    return "// " + " ".join(parts)


def export_question(question: Question) -> str:
    """One question in GIFT; raises GiftError for a type GIFT cannot express (ordering, multi-blank fill)."""
    head = [f"// question: {question.id}  name: {question.name or question.id}", _meta(question)]
    prefix = (f"::{_esc(question.name)}::" if question.name else "") + f"[{question.format}]"
    if question.type == "description":
        return "\n".join(head + [prefix + _esc(question.stem)])
    general = f"\t####{_esc(question.explanation)}\n" if question.explanation else ""
    if question.type == "fill":
        return "\n".join(head + [prefix + _fill_text(question, general)])
    body = _EXPORTERS.get(question.type)
    if body is None:
        raise GiftError(f"{question.type} questions have no GIFT form")
    inner = body(question)
    block = "{" + (f"\n{inner}{general}" if inner or general else "") + "}"
    if question.type == "truefalse":
        block = "{" + inner + (f"####{_esc(question.explanation)}" if question.explanation else "") + "}"
    return "\n".join(head + [prefix + _esc(question.stem) + block])


def _fill_text(question: Question, general: str) -> str:
    if len(question.blanks) != 1:
        raise GiftError("fill-in questions with more than one blank have no GIFT form")
    before, _, after = question.stem.partition("{{1}}")
    answers = " ".join(f"={_esc(a)}" for a in question.blanks[0])
    block = "{" + answers + (f" ####{_esc(question.explanation)}" if question.explanation else "") + "}"
    return _esc(before) + block + (_esc(after) if after else "\\n")


def _choices(question: Question) -> str:
    lines = []
    for option in question.options:
        if question.type == "single" and option.fraction == 1.0:
            mark = "="
        elif question.type == "single" and option.fraction == 0.0:
            mark = "~"
        else:
            mark = "~" + _pct(option.fraction)
        lines.append(f"\t{mark}{_esc(option.text)}{_fb(option.feedback)}\n")
    return "".join(lines)


def _truefalse(question: Question) -> str:
    wrong, right = (question.feedback_false, question.feedback_true) if question.answer else (
        question.feedback_true, question.feedback_false)
    text = "TRUE" if question.answer else "FALSE"
    if right:
        return f"{text}#{_esc(wrong)}#{_esc(right)}"
    return f"{text}{_fb(wrong)}"


def _short_out(question: Question) -> str:
    return "".join(f"\t={_pct(a.fraction)}{_esc(a.text)}{_fb(a.feedback)}\n" for a in question.accepted)


def _numerical_out(question: Question) -> str:
    lines = ["\t#\n"]
    for a in question.numeric:
        if a.value is None:
            lines.append(f"\t~{_fb(a.feedback) or '#'}\n")
        else:
            lines.append(f"\t={_pct(a.fraction)}{_num(a.value)}:{_num(a.tolerance)}{_fb(a.feedback)}\n")
    return "".join(lines)


def _matching_out(question: Question) -> str:
    lines = [f"\t={_esc(p.left)} -> {_esc(p.right)}\n" for p in question.pairs]
    return "".join(lines + [f"\t= -> {_esc(d)}\n" for d in question.distractors])


_EXPORTERS = {
    "single": _choices,
    "multiple": _choices,
    "truefalse": _truefalse,
    "short": _short_out,
    "numerical": _numerical_out,
    "matching": _matching_out,
    "essay": lambda q: "",
}


def export_gift(questions: list[Question]) -> tuple[str, list[tuple[str, str]]]:
    """A GIFT text for a bank, plus (question id, reason) for each question GIFT cannot express."""
    parts, skipped = [], []
    for question in questions:
        try:
            parts.append(export_question(question))
        except GiftError as exc:
            skipped.append((question.id, str(exc)))
    return "\n\n".join(parts) + "\n", skipped
