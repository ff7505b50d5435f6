"""The quiz grading engine: pure, one grader per question type in a registry.

A response is the JSON value the attempt stores for a question:
single -> option key; multiple -> list of keys; truefalse -> bool; short, numerical, essay -> text;
matching -> {left index: right index}; ordering -> list of item indices; fill -> list of texts.
Option, item and right-hand indices are strings, so shuffled display never changes a score.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from elearn.quizzes.bank import Question

CJK_PUNCT = "。，、；：？！…—·“”‘’（）《》【】「」『』～"
END_PUNCT = string.punctuation + CJK_PUNCT + " "


@dataclass(frozen=True)
class Mark:
    """The outcome of grading one question."""

    score: float
    points: float
    pending: bool = False
    answered: bool = True

    @property
    def fraction(self) -> float:
        return self.score / self.points if self.points else 0.0


@dataclass(frozen=True)
class AttemptMark:
    """The outcome of grading a whole attempt."""

    score: float
    total: float
    marks: dict[str, Mark]

    @property
    def pending(self) -> bool:
        return any(m.pending for m in self.marks.values())

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.total, 2) if self.total else 0.0


Grader = Callable[[Question, Any], float]
GRADERS: dict[str, Grader] = {}


def grader(qtype: str) -> Callable[[Grader], Grader]:
    """Register a grader returning the fraction (0..1) a response earns for a question type."""

    def register(func: Grader) -> Grader:
        GRADERS[qtype] = func
        return func

    return register


def grade(question: Question, response: Any, manual: float | None = None) -> Mark:
    """Grade one response. Essays need `manual` (points from a trainer), else they are pending.

    Raises KeyError for a type without a registered grader.
    """
    points = question.points if question.graded else 0.0
    if question.type == "essay":
        answered = bool(str(response or "").strip())
        if manual is None:
            return Mark(0.0, points, pending=answered, answered=answered)
        return Mark(round(min(max(manual, 0.0), points), 4), points, answered=answered)
    if not question.graded:
        return Mark(0.0, 0.0, answered=False)
    answered = is_answered(response)
    fraction = GRADERS[question.type](question, response) if answered else 0.0
    fraction = min(max(round(fraction, 5), 0.0), 1.0)
    return Mark(round(fraction * points, 4), points, answered=answered)


def grade_attempt(
    questions: Iterable[Question],
    responses: Mapping[str, Any],
    manual: Mapping[str, float] | None = None,
) -> AttemptMark:
    """Grade every question of an attempt; the total counts graded questions only."""
    manual = manual or {}
    marks = {q.id: grade(q, responses.get(q.id), manual.get(q.id)) for q in questions}
    score = round(sum(m.score for m in marks.values()), 4)
    total = round(sum(m.points for m in marks.values()), 4)
    return AttemptMark(score, total, marks)


def is_answered(response: Any) -> bool:
    if response is None:
        return False
    if isinstance(response, str):
        return bool(response.strip())
    if isinstance(response, (list, tuple, dict)):
        return any(is_answered(v) for v in (response.values() if isinstance(response, dict) else response))
    return True


def _core(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return "".join(text.split()).casefold()


def normalise(text: str) -> str:
    """Normalise typed Chinese or English input: full/half width, spaces, end punctuation, case."""
    return _core(text).strip(END_PUNCT)


def text_matches(pattern: str, response: str) -> bool:
    """Does a response match an accepted answer? ``*`` in the answer matches any text."""
    given = normalise(response)
    if pattern.strip() == "*":
        return bool(given)
    core = _core(pattern).strip(END_PUNCT.replace("*", ""))
    regex = ".*".join(re.escape(part) for part in core.split("*"))
    return re.fullmatch(regex, given) is not None


def parse_number(text: Any) -> float | None:
    """Read a typed number (full-width digits, spaces and thousands commas allowed)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    cleaned = unicodedata.normalize("NFKC", str(text)).replace(",", "").replace("。", ".")
    cleaned = "".join(cleaned.split())
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@grader("single")
def _single(question: Question, response: Any) -> float:
    return next((o.fraction for o in question.options if o.key == str(response)), 0.0)


@grader("multiple")
def _multiple(question: Question, response: Any) -> float:
    chosen = {str(k) for k in response} if isinstance(response, (list, tuple)) else {str(response)}
    return sum(o.fraction for o in question.options if o.key in chosen)


@grader("truefalse")
def _truefalse(question: Question, response: Any) -> float:
    if isinstance(response, str):
        response = {"true": True, "false": False}.get(response.strip().lower())
    return 1.0 if response is not None and bool(response) == question.answer else 0.0


@grader("short")
def _short(question: Question, response: Any) -> float:
    fractions = [a.fraction for a in question.accepted if text_matches(a.text, str(response))]
    return max(fractions, default=0.0)


@grader("numerical")
def _numerical(question: Question, response: Any) -> float:
    value = parse_number(response)
    if value is None:
        return 0.0
    fractions = [a.fraction for a in question.numeric if number_matches(a.value, a.tolerance, value)]
    return max(fractions, default=0.0)


def number_matches(target: float | None, tolerance: float, value: float) -> bool:
    """Is value within target ± tolerance (target None is the catch-all)?"""
    if target is None:
        return True
    return abs(value - target) <= abs(tolerance) + 1e-9 * max(1.0, abs(target))


@grader("matching")
def _matching(question: Question, response: Any) -> float:
    if not isinstance(response, Mapping) or not question.pairs:
        return 0.0
    rights = question.right_choices()
    right = 0
    for index, pair in enumerate(question.pairs):
        chosen = _index(response.get(str(index)), len(rights))
        right += chosen is not None and rights[chosen] == pair.right
    return right / len(question.pairs)


@grader("ordering")
def _ordering(question: Question, response: Any) -> float:
    if not isinstance(response, (list, tuple)) or not question.items:
        return 0.0
    given = [str(k) for k in response]
    if sorted(given) != sorted(str(i) for i in range(len(question.items))):
        return 0.0
    return sum(k == str(i) for i, k in enumerate(given)) / len(question.items)


@grader("fill")
def _fill(question: Question, response: Any) -> float:
    if not isinstance(response, (list, tuple)) or not question.blanks:
        return 0.0
    given = list(response) + [""] * len(question.blanks)
    right = sum(
        any(text_matches(ok, str(given[i] or "")) for ok in accepted)
        for i, accepted in enumerate(question.blanks)
    )
    return right / len(question.blanks)


def _index(value: Any, size: int) -> int | None:
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < size else None


def _best_option(q: Question) -> Any:
    return max(q.options, key=lambda o: o.fraction).key


def _best_number(q: Question) -> Any:
    return str(max((a for a in q.numeric if a.value is not None), key=lambda a: a.fraction).value)


def _matching_answer(q: Question) -> Any:
    rights = q.right_choices()
    return {str(i): str(rights.index(p.right)) for i, p in enumerate(q.pairs)}


CORRECT: dict[str, Callable[[Question], Any]] = {
    "single": _best_option,
    "multiple": lambda q: [o.key for o in q.options if o.fraction > 0],
    "truefalse": lambda q: q.answer,
    "short": lambda q: max(q.accepted, key=lambda a: a.fraction).text.replace("*", ""),
    "numerical": _best_number,
    "matching": _matching_answer,
    "ordering": lambda q: [str(i) for i in range(len(q.items))],
    "fill": lambda q: [accepted[0].replace("*", "") for accepted in q.blanks],
}


def correct_response(question: Question) -> Any:
    """A response that earns full marks (used by tests, previews and the review page); None for essays."""
    build = CORRECT.get(question.type)
    return build(question) if build else None


def _chosen(response: Any) -> set[str]:
    return {str(k) for k in response} if isinstance(response, (list, tuple)) else {str(response)}


def _best(answers: Iterable[Any], matches: Callable[[Any], bool]) -> Any:
    hits = [a for a in answers if matches(a)]
    return max(hits, key=lambda a: a.fraction) if hits else None


def _choice_feedback(q: Question, response: Any) -> list[str]:
    return [o.feedback for o in q.options if o.key in _chosen(response)]


def _truefalse_feedback(q: Question, response: Any) -> list[str]:
    value = response if isinstance(response, bool) else str(response).lower() == "true"
    return [q.feedback_true if value else q.feedback_false]


def _short_feedback(q: Question, response: Any) -> list[str]:
    best = _best(q.accepted, lambda a: text_matches(a.text, str(response)))
    return [best.feedback] if best else []


def _numerical_feedback(q: Question, response: Any) -> list[str]:
    value = parse_number(response)
    best = _best(q.numeric, lambda a: number_matches(a.value, a.tolerance, value)) if value is not None else None
    return [best.feedback] if best else []


FEEDBACK: dict[str, Callable[[Question, Any], list[str]]] = {
    "single": _choice_feedback,
    "multiple": _choice_feedback,
    "truefalse": _truefalse_feedback,
    "short": _short_feedback,
    "numerical": _numerical_feedback,
}


def feedback_for(question: Question, response: Any) -> list[str]:
    """The per-answer feedback texts that apply to a response (none for an unanswered question)."""
    pick = FEEDBACK.get(question.type)
    if pick is None or not is_answered(response):
        return []
    return [text for text in pick(question, response) if text]
