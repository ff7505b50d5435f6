"""Trainer authoring: GIFT import and export, and the YAML editor (services: add and flush, caller commits)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from elearn.courses.publishing import reference_fields
from elearn.quizzes.bank import Question, QuizSpec
from elearn.quizzes.content import parse_quiz
from elearn.quizzes.files import quiz_yaml
from elearn.quizzes.gift import parse_gift
from elearn.quizzes.gift_export import export_gift
from elearn.quizzes.models import QuizVersion
from elearn.quizzes.publishing import latest_version, publish_spec


@dataclass
class ImportReport:
    """What a GIFT import read, could not read (line, reason), and the version it published (if any)."""

    questions: list[Question] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    version: QuizVersion | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.questions)


def _law_problems(questions: list[Question], refs: dict) -> list[tuple[int, str]]:
    problems = []
    for q in questions:
        for ref_id in q.law:
            if ref_id not in refs:
                problems.append((q.line, f"question {q.id}: unknown law reference {ref_id!r}"))
            elif (refs[ref_id] or {}).get("status") == "repealed":
                problems.append((q.line, f"question {q.id}: law reference {ref_id!r} is repealed"))
    return problems


def merged_spec(base: QuizSpec, questions: list[Question]) -> QuizSpec:
    """The bank with imported questions added; a question with an existing id replaces it."""
    incoming = {q.id: q for q in questions}
    kept = [incoming.pop(q.id, q) for q in base.questions]
    return replace(base, version=base.version + 1, questions=tuple(kept + list(incoming.values())))


def new_spec(slug: str, course: str, questions: list[Question]) -> QuizSpec:
    """A new quiz for imported questions, titled after its course ("… 测验" / "… quiz"), else after its slug."""
    from elearn.courses.services import published_course

    title = {"zh": slug, "en": slug}
    found = published_course(course)
    if found is not None and found.current_version is not None:
        names = found.current_version.title
        zh, en = names.get("zh") or names.get("en") or slug, names.get("en") or names.get("zh") or slug
        title = {"zh": f"{zh} 测验", "en": f"{en} quiz"}
    return QuizSpec(slug=slug, title=title, course=course, questions=tuple(questions))


def import_gift(text: str, slug: str, actor, now: datetime, course: str | None = None,
                dry_run: bool = False) -> ImportReport:
    """Read a GIFT text into quiz `slug` as a new version: all or nothing.

    Any unreadable question (or an unknown quiz without `course`) leaves the database unchanged;
    the report names each problem with its line. A dry run only reports.
    """
    result = parse_gift(text, id_prefix=slug)
    report = ImportReport(result.questions, result.problems + _law_problems(result.questions, reference_fields()))
    latest = latest_version(slug)
    if latest is None and not course:
        report.problems.append((0, f"quiz {slug!r} does not exist yet: give the course it belongs to"))
    if not result.questions and not result.problems:
        report.problems.append((0, "the file holds no question"))
    if report.problems or dry_run:
        return report
    spec = merged_spec(latest.to_spec(), result.questions) if latest else new_spec(slug, course, result.questions)
    report.version = publish_spec(spec, reference_fields(), actor, now, source="gift")
    return report


def export_bank(slug: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The latest version's questions as GIFT, plus (id, reason) for each question GIFT cannot hold."""
    latest = latest_version(slug)
    if latest is None:
        return None
    return export_gift(list(latest.to_spec().questions))


def editor_source(slug: str) -> str | None:
    """The latest version as quiz-file YAML, for the browser editor."""
    latest = latest_version(slug)
    return quiz_yaml(latest.to_spec()) if latest else None


STARTER = """\
title: {{zh: 新测验, en: New quiz}}
course: {course}
version: 1
pass_mark: 80
time_limit_minutes: 20
max_attempts: 3
min_wait_minutes: 0
grading: highest
shuffle_questions: true
shuffle_options: true
review:
  score: immediately
  responses: immediately
  correct_answers: after_pass
  feedback: immediately
questions:
  - id: {slug}-001
    type: single
    points: 1
    tags: []
    stem: 在此写题干。
    options:
      - {{text: 正确选项, correct: true, feedback: 说明为什么正确。}}
      - {{text: 错误选项, feedback: 说明为什么错误。}}
    explanation: 在此写解析。
"""


def starter_source(slug: str, course: str = "course-slug") -> str:
    """A first quiz file for the editor: one question of each setting, to be changed."""
    return STARTER.format(slug=slug, course=course)


def check_source(text: str, slug: str):
    """Validate editor YAML against the glossary: (spec, problems) as the file loader reports them."""
    return parse_quiz(text, slug, f"quizzes/{slug}.yml", reference_fields())


def publish_source(text: str, slug: str, actor, now: datetime):
    """Publish editor YAML as the next version (the version number is raised automatically).

    Returns (version, problems); nothing is written when there is a problem.
    """
    spec, problems = check_source(text, slug)
    if spec is None:
        return None, problems
    latest = latest_version(slug)
    spec = replace(spec, version=max(spec.version, (latest.version + 1) if latest else 1))
    return publish_spec(spec, reference_fields(), actor, now, source="editor"), []


def export_quizzes(target) -> list[str]:
    """Write the latest version of every quiz as target/quizzes/<slug>.yml (for `flask content export`)."""
    from pathlib import Path

    from elearn.quizzes.services import published_quizzes

    folder = Path(target) / "quizzes"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for version in published_quizzes():
        spec = version.to_spec()
        (folder / f"{spec.slug}.yml").write_text(quiz_yaml(spec), encoding="utf-8")
        lines.append(f"wrote quizzes/{spec.slug}.yml (version {version.version})")
    return lines
