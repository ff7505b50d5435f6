"""Certification rules: a pure check of what a learner has done against what a course demands.

No flask, no sqlalchemy: the facts are gathered by functions passed in as arguments, so the rule is tested
with fakes and the services wire in the courses, quizzes and scenarios interfaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_VALIDITY_DAYS = 365


@dataclass(frozen=True)
class Rule:
    """What a certificate needs: lessons ("all" or named files), a passed quiz, passed assessment scenarios."""

    lessons: str | tuple[str, ...] = "all"
    quiz: str | None = None
    scenarios: tuple[str, ...] = ()
    validity_days: int = DEFAULT_VALIDITY_DAYS


@dataclass(frozen=True)
class Facts:
    """What a learner has done in one course version."""

    lessons_done: int = 0
    lessons_total: int = 0
    quiz_passed: bool = False
    quiz_percent: float | None = None
    quiz_attempt_id: int | None = None
    scenarios_passed: frozenset[str] = field(default_factory=frozenset)
    lessons_completed: frozenset[str] | None = None  # lesson slugs done, when the courses domain says
    lessons_complete: bool | None = None  # the courses domain's own verdict on the rule's lessons


@dataclass(frozen=True)
class Missing:
    """One unmet requirement: `kind` is lessons, quiz or scenario; `key` names it; `done`/`total` count."""

    kind: str
    key: str = ""
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class Evaluation:
    """The verdict; `course_slug` names the course when the caller knows it (to name what is missing)."""

    met: bool
    missing: tuple[Missing, ...]
    course_slug: str = ""


def rule_from_mapping(data) -> Rule:
    """Build a Rule from course.yml's `certification:` (a mapping, or an object with the same attributes).

    None means every lesson, no quiz, 365 days. Raises ValueError naming the field when a value is wrong.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        data = {name: getattr(data, name) for name in ("lessons", "quiz", "scenarios", "validity_days")}
    lessons = data.get("lessons", "all")
    if lessons != "all" and not _str_sequence(lessons):
        raise ValueError(f"certification.lessons must be 'all' or a list of lesson files, not {lessons!r}")
    scenarios = data.get("scenarios") or ()
    if not _str_sequence(scenarios):
        raise ValueError("certification.scenarios must be a list of scenario ids")
    days = data.get("validity_days")
    days = DEFAULT_VALIDITY_DAYS if days is None else days
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise ValueError(f"certification.validity_days must be a positive integer, not {days!r}")
    lessons = lessons if lessons == "all" else tuple(lessons)
    return Rule(lessons=lessons, quiz=data.get("quiz") or None, scenarios=tuple(scenarios), validity_days=days)


def _str_sequence(value) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def evaluate(rule: Rule, facts: Facts) -> Evaluation:
    """Compare facts with the rule; the missing list keeps the rule's order (lessons, quiz, scenarios)."""
    missing: list[Missing] = []
    if not _lessons_met(rule, facts):
        missing.append(Missing("lessons", done=facts.lessons_done, total=facts.lessons_total))
    if rule.quiz and not facts.quiz_passed:
        missing.append(Missing("quiz", key=rule.quiz))
    missing.extend(Missing("scenario", key=s) for s in rule.scenarios if s not in facts.scenarios_passed)
    return Evaluation(met=not missing, missing=tuple(missing))


def _lessons_met(rule: Rule, facts: Facts) -> bool:
    """The courses domain's verdict when it gives one; else named lessons need those lessons done;
    when per-lesson progress is unknown, every lesson counts."""
    if facts.lessons_complete is not None:
        return facts.lessons_complete and facts.lessons_total > 0
    if rule.lessons != "all" and facts.lessons_completed is not None:
        return {name.removesuffix(".md") for name in rule.lessons} <= facts.lessons_completed
    return facts.lessons_total > 0 and facts.lessons_done >= facts.lessons_total


def gather_facts(
    user,
    course_slug: str,
    course_version,
    rule: Rule,
    *,
    course_progress: Callable,
    quiz_result: Callable,
    passed_scenarios: Callable,
) -> Facts:
    """Ask the three learning interfaces (passed in) for the facts the rule needs, and nothing more."""
    progress = course_progress(user, course_version)
    result = quiz_result(user, rule.quiz) if rule.quiz else None
    passed: Iterable[str] = passed_scenarios(user, course_slug) if rule.scenarios else ()
    return Facts(
        lessons_done=int(progress.lessons_done),
        lessons_total=int(progress.lessons_total),
        quiz_passed=bool(result and result.passed),
        quiz_percent=float(result.grade_percent) if result is not None else None,
        quiz_attempt_id=getattr(result, "attempt_id", None),
        scenarios_passed=frozenset(passed),
        lessons_completed=_done_slugs(progress),
        lessons_complete=getattr(progress, "completed", None),
    )


def _done_slugs(progress) -> frozenset[str] | None:
    slugs = getattr(progress, "done_slugs", None)
    return None if slugs is None else frozenset(s.removesuffix(".md") for s in slugs)
