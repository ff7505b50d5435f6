"""Question bank values shared by the loader, the GIFT reader and the grading engine.

Pure data: frozen dataclasses and their JSON form. No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

QUESTION_TYPES = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numerical",
    "matching",
    "ordering",
    "fill",
    "essay",
    "description",
)
FORMATS = ("markdown", "html", "plain")
GRADING_METHODS = ("highest", "last", "first", "average")
REVIEW_WHEN = ("immediately", "after_pass", "never")
REVIEW_ITEMS = ("score", "responses", "correct_answers", "feedback")


@dataclass(frozen=True)
class Choice:
    """An option of a single or multiple choice question; fraction is -1..1 of the points."""

    key: str
    text: str
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class Accepted:
    """An accepted short answer (``*`` is a wildcard) with its share of the points."""

    text: str
    fraction: float = 1.0
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """A numerical answer: value ± tolerance; value None is the catch-all ``*``."""

    value: float | None
    tolerance: float = 0.0
    fraction: float = 1.0
    feedback: str = ""


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """One question of a bank. Only the fields of its type are filled."""

    id: str
    type: str
    stem: str
    points: float = 1.0
    name: str = ""
    format: str = "markdown"
    tags: tuple[str, ...] = ()
    law: tuple[str, ...] = ()
    explanation: str = ""
    options: tuple[Choice, ...] = ()
    answer: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    accepted: tuple[Accepted, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    blanks: tuple[tuple[str, ...], ...] = ()
    guidance: str = ""
    line: int = field(default=0, compare=False)

    @property
    def graded(self) -> bool:
        """Description items carry no points and are never graded."""
        return self.type != "description"

    def right_choices(self) -> tuple[str, ...]:
        """The right-hand items of a matching question: answers then distractors, unique."""
        seen: dict[str, None] = {}
        for text in [p.right for p in self.pairs] + list(self.distractors):
            seen.setdefault(text, None)
        return tuple(seen)


@dataclass(frozen=True)
class DrawRule:
    tag: str
    count: int


@dataclass(frozen=True)
class Review:
    """When the learner sees each part of a finished attempt."""

    score: str = "immediately"
    responses: str = "immediately"
    correct_answers: str = "after_pass"
    feedback: str = "immediately"

    def shows(self, item: str, passed: bool) -> bool:
        when = getattr(self, item)
        return when == "immediately" or (when == "after_pass" and passed)


@dataclass(frozen=True)
class QuizSpec:
    """A quiz file: settings plus its question bank."""

    slug: str
    title: dict[str, str]
    course: str
    version: int = 1
    pass_mark: float = 60.0
    time_limit_minutes: int = 0
    max_attempts: int = 0
    min_wait_minutes: int = 0
    grading: str = "highest"
    shuffle_questions: bool = False
    shuffle_options: bool = False
    draw: tuple[DrawRule, ...] = ()
    review: Review = Review()
    questions: tuple[Question, ...] = ()

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


def question_to_dict(question: Question) -> dict[str, Any]:
    """JSON-ready form of a question (stored with a published quiz version; the source line is dropped)."""
    data = asdict(question)
    data.pop("line", None)
    return data


def question_from_dict(data: dict[str, Any]) -> Question:
    """Inverse of question_to_dict."""
    d = dict(data)
    d["tags"] = tuple(d.get("tags", ()))
    d["law"] = tuple(d.get("law", ()))
    d["options"] = tuple(Choice(**o) for o in d.get("options", ()))
    d["accepted"] = tuple(Accepted(**a) for a in d.get("accepted", ()))
    d["numeric"] = tuple(NumericAnswer(**n) for n in d.get("numeric", ()))
    d["pairs"] = tuple(Pair(**p) for p in d.get("pairs", ()))
    d["distractors"] = tuple(d.get("distractors", ()))
    d["items"] = tuple(d.get("items", ()))
    d["blanks"] = tuple(tuple(b) for b in d.get("blanks", ()))
    return Question(**d)


def spec_to_dict(spec: QuizSpec) -> dict[str, Any]:
    """JSON-ready form of the quiz settings and bank."""
    data = asdict(spec)
    data["questions"] = [question_to_dict(q) for q in spec.questions]
    return data


def spec_from_dict(data: dict[str, Any]) -> QuizSpec:
    """Inverse of spec_to_dict."""
    d = dict(data)
    d["draw"] = tuple(DrawRule(**r) for r in d.get("draw", ()))
    d["review"] = Review(**d.get("review", {}))
    d["questions"] = tuple(question_from_dict(q) for q in d.get("questions", ()))
    return QuizSpec(**d)
