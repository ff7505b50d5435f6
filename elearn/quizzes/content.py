"""Quiz files (`quizzes/<slug>.yml`) -> frozen QuizSpec, every problem named by file and line.

Pure: no flask, no sqlalchemy at import time. The format is documented in docs/authoring.md.
`KIND` is the quizzes content kind run by `flask content check/load`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from elearn.core.problems import Problem
from elearn.courses.yamlio import Located, bilingual, parse_yaml
from elearn.quizzes.bank import (
    GRADING_METHODS,
    REVIEW_ITEMS,
    REVIEW_WHEN,
    DrawRule,
    Question,
    QuizSpec,
    Review,
)
from elearn.quizzes.questions import QuestionReader

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUIZ_FIELDS = {
    "title", "course", "version", "pass_mark", "time_limit_minutes", "max_attempts", "min_wait_minutes",
    "grading", "shuffle_questions", "shuffle_options", "draw", "review", "questions",
}


class Collector:
    """Collects the problems of one file so each check reads as one line."""

    def __init__(self, path: str, doc: Located | None = None) -> None:
        self.path, self.doc, self.problems = path, doc, []

    def add(self, message: str, *keys: Any) -> None:
        line = self.doc.line(*keys) if self.doc is not None else 1
        self.problems.append(Problem(self.path, line, message))

    def add_at(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


def parse_quiz(text: str, slug: str, path: str, refs: Mapping[str, Any]) -> tuple[QuizSpec | None, list[Problem]]:
    """Read one quiz file. Returns (spec, problems); spec is None whenever a problem was found."""
    doc, problems = parse_yaml(text, path)
    if doc is None:
        return None, problems
    c = Collector(path, doc)
    data = doc.data
    if not isinstance(data, Mapping):
        c.add("a quiz file must be a mapping of settings with a 'questions' list")
        return None, c.problems
    if not SLUG_RE.match(slug):
        c.add(f"file name {slug!r} is not a valid slug (lowercase ASCII, digits and dashes)")
    for name in sorted(set(map(str, data)) - QUIZ_FIELDS):
        c.add(f"unknown field {name!r}", name)
    questions = _questions(c, data.get("questions"), refs)
    spec = _settings(c, data, slug, questions, pools=not c.problems)
    return (spec, []) if not c.problems else (None, sorted(c.problems, key=lambda p: p.line or 0))


def _settings(c: Collector, data: Mapping, slug: str, questions: tuple[Question, ...], pools: bool) -> QuizSpec:
    title, error = bilingual(data.get("title"))
    if error:
        c.add(f"field 'title' {error}", "title")
    course = data.get("course")
    if not isinstance(course, str) or not SLUG_RE.match(course):
        c.add("field 'course' must be a course slug", "course")
    grading = data.get("grading", "highest")
    if grading not in GRADING_METHODS:
        c.add(f"field 'grading' must be one of {', '.join(GRADING_METHODS)}", "grading")
    return QuizSpec(
        slug=slug, title=title or {}, course=str(course), version=_int(c, data, "version", 1, 1),
        pass_mark=_percent(c, data), time_limit_minutes=_int(c, data, "time_limit_minutes", 0),
        max_attempts=_int(c, data, "max_attempts", 0), min_wait_minutes=_int(c, data, "min_wait_minutes", 0),
        grading=str(grading), shuffle_questions=_bool(c, data, "shuffle_questions"),
        shuffle_options=_bool(c, data, "shuffle_options"),
        draw=_draw(c, data.get("draw"), questions if pools else None),
        review=_review(c, data.get("review")), questions=questions,
    )


def _int(c: Collector, data: Mapping, name: str, default: int, minimum: int = 0) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        c.add(f"field {name!r} must be a whole number of at least {minimum}", name)
        return default
    return value


def _bool(c: Collector, data: Mapping, name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        c.add(f"field {name!r} must be true or false", name)
        return False
    return value


def _percent(c: Collector, data: Mapping) -> float:
    value = data.get("pass_mark", 60)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        c.add("field 'pass_mark' must be a percentage between 0 and 100", "pass_mark")
        return 60.0
    return float(value)


def _draw(c: Collector, value: Any, questions: tuple[Question, ...] | None) -> tuple[DrawRule, ...]:
    """Draw rules; pools are only counted when every question read (questions is None otherwise)."""
    if value in (None, []):
        return ()
    if not isinstance(value, list):
        c.add("field 'draw' must be a list of {tag, count}", "draw")
        return ()
    rules = []
    for i, rule in enumerate(value):
        tag = rule.get("tag") if isinstance(rule, Mapping) else None
        count = rule.get("count") if isinstance(rule, Mapping) else None
        if not isinstance(tag, str) or isinstance(count, bool) or not isinstance(count, int) or count < 1:
            c.add("each draw rule needs a 'tag' and a 'count' of at least 1", "draw", i)
            continue
        pool = sum(1 for q in questions or () if tag in q.tags and q.graded)
        if questions is not None and pool < count:
            c.add(f"draw rule asks for {count} questions tagged {tag!r} but the bank has {pool}", "draw", i)
        rules.append(DrawRule(tag, count))
    return tuple(rules)


def _review(c: Collector, value: Any) -> Review:
    if value is None:
        return Review()
    if not isinstance(value, Mapping):
        c.add("field 'review' must map score/responses/correct_answers/feedback to a time", "review")
        return Review()
    for key, when in value.items():
        if key not in REVIEW_ITEMS:
            c.add(f"unknown review item {key!r} (use {', '.join(REVIEW_ITEMS)})", "review", key)
        elif when not in REVIEW_WHEN:
            c.add(f"review {key} must be one of {', '.join(REVIEW_WHEN)}", "review", key)
    return Review(**{k: v for k, v in value.items() if k in REVIEW_ITEMS and v in REVIEW_WHEN})


def _questions(c: Collector, value: Any, refs: Mapping[str, Any]) -> tuple[Question, ...]:
    if not isinstance(value, list) or not value:
        c.add("field 'questions' must be a non-empty list", "questions")
        return ()
    questions: list[Question] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        question = QuestionReader(c, ("questions", index), refs).read(item)
        if question is None:
            continue
        if question.id in seen:
            c.add(f"question id {question.id!r} is used twice", "questions", index, "id")
        seen.add(question.id)
        questions.append(question)
    if questions and not any(q.graded for q in questions):
        c.add("the quiz has no graded question", "questions")
    return tuple(questions)


def quiz_files(root: Path) -> list[Path]:
    """The quiz files under a content root, in name order."""
    folder = root / "quizzes"
    return sorted(folder.glob("*.yml")) if folder.is_dir() else []


def load_quizzes(root: Path, refs: Mapping[str, Any]) -> tuple[dict[str, QuizSpec], list[Problem]]:
    """Read every quiz file under `root/quizzes`; returns the specs by slug and all problems."""
    specs: dict[str, QuizSpec] = {}
    problems: list[Problem] = []
    for path in quiz_files(root):
        where = str(path.relative_to(root))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(where, 1, "quiz files must be UTF-8"))
            continue
        spec, found = parse_quiz(text, path.stem, where, refs)
        problems.extend(found)
        if spec is not None:
            specs[spec.slug] = spec
    return specs, problems


class QuizKind:
    """The quizzes content kind: check files, cross-check courses, publish new versions."""

    name = "quizzes"

    def check(self, root: Path, ctx: dict) -> list[Problem]:
        """Parse every quiz file; the specs go to ctx['quizzes'] (references from ctx['references'])."""
        specs, problems = load_quizzes(Path(root), ctx.get("references") or {})
        ctx[self.name] = specs
        ctx["quizzes_root"] = Path(root)
        return problems

    def cross_check(self, ctx: dict) -> list[Problem]:
        """Every quiz belongs to a course that exists; with an app, an edited quiz needs a new version."""
        courses = ctx.get("courses")
        root = ctx.get("quizzes_root")
        specs = sorted(ctx.get(self.name, {}).items())
        problems = [
            Problem(f"quizzes/{slug}.yml", 1, f"course {spec.course!r} does not exist")
            for slug, spec in specs
            if courses is not None and spec.course not in courses
            and not (root and (Path(root) / "courses" / spec.course / "course.yml").exists())
        ]
        from flask import has_app_context

        if has_app_context():
            from elearn.quizzes.publishing import version_problems

            for slug, spec in specs:
                problems += version_problems(spec, f"quizzes/{slug}.yml")
        return problems

    def publish(self, ctx: dict, now) -> list[str]:
        """Write a new published version for each quiz whose version number is new."""
        from elearn.quizzes.publishing import publish_specs

        return publish_specs(list(ctx.get(self.name, {}).values()), ctx.get("references") or {}, now)


KIND = QuizKind()
