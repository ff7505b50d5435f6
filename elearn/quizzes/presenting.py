"""What the quiz pages show, built from stored attempts and versions (no request access here).

The attempt page gets stems, options and items in the stored display order, never fractions, weights,
accepted answers or feedback: those reach the browser only on the review page of a graded attempt.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from elearn.extensions import db
from elearn.quizzes import services
from elearn.quizzes.bank import Question, QuizSpec
from elearn.quizzes.grading import correct_response, feedback_for, grade
from elearn.quizzes.models import QuizAttempt, QuizVersion
from elearn.quizzes.publishing import render_question

BLANK_RE = re.compile(r"\{\{(\d+)\}\}")


def course_of(user, course_slug: str) -> dict[str, Any] | None:
    """The course a quiz belongs to, through the courses interface: slug, title and the learner's progress."""
    from elearn.courses.services import course_progress, published_course

    course = published_course(course_slug)
    if course is None or course.current_version is None:
        return None
    progress = course_progress(user, course.current_version) if user is not None else None
    return {"slug": course.slug, "title": course.current_version.title, "progress": progress}


def quiz_state(allowed: services.Availability, result: services.QuizResult | None,
               attempts: list[QuizAttempt]) -> str:
    """One word for the learner's standing: in_progress, passed, awaiting_grading, failed or not_started."""
    if allowed.in_progress is not None:
        return "in_progress"
    if result is not None and result.passed:
        return "passed"
    if any(a.status == "awaiting_grading" for a in attempts):
        return "awaiting_grading"
    return "failed" if result is not None else "not_started"


def learner_row(user, version: QuizVersion, now: datetime, course: dict[str, Any] | None = None) -> dict[str, Any]:
    """A quiz as the learner's lists show it: attempts left, best grade, the grade that counts, pass state.

    `course` is the row's course as the caller has it (`course_of` with the learner's progress, a title
    without progress, or None); it is not looked up here.
    """
    spec = version.to_spec()
    attempts = services.attempts_of(user, version.quiz)
    result = services.result_of(version, attempts)
    allowed = services.availability(user, version, now, attempts)
    graded = [a.percent for a in attempts if a.status == "graded" and a.percent is not None]
    passed = bool(result and result.passed)
    return {
        "version": version, "spec": spec, "result": result, "allowed": allowed, "attempts": attempts,
        "best": max(graded) if graded else None, "state": quiz_state(allowed, result, attempts),
        "show_score": spec.review.shows("score", passed),
        "course": course,
    }


def learner_quizzes(user, now: datetime, with_course: bool = True) -> list[dict[str, Any]]:
    """Every published quiz as `learner_row` describes it (course titles read at once, without progress)."""
    from elearn.courses.services import current_courses

    courses = {c.slug: {"slug": c.slug, "title": c.current_version.title, "progress": None}
               for c in current_courses()} if with_course else {}
    return [learner_row(user, version, now, courses.get(version.to_spec().course))
            for version in services.published_quizzes()]


def overview(user, version: QuizVersion, now: datetime) -> dict[str, Any]:
    """The quiz start page: settings, the course it belongs to, the learner's attempts and grades."""
    row = learner_row(user, version, now, course_of(user, version.to_spec().course))
    return {**row, "row": row}


def _fill_parts(stem_html: str) -> list[tuple[str, int | None]]:
    """The rendered stem of a fill-in question cut at each {{n}}: (html, blank number or None)."""
    parts: list[tuple[str, int | None]] = []
    last = 0
    for match in BLANK_RE.finditer(stem_html):
        parts.append((stem_html[last:match.start()], int(match.group(1))))
        last = match.end()
    parts.append((stem_html[last:], None))
    return parts


def attempt_items(attempt: QuizAttempt) -> list[dict[str, Any]]:
    """The questions of a running attempt with the learner's saved responses."""
    version = attempt.quiz_version
    slots = {slot["q"]: slot for slot in attempt.layout}
    items, number = [], 0
    for question in services.questions_of(attempt):
        number += question.graded
        rendered = version.rendered.get(question.id, {})
        items.append({
            "q": question, "r": rendered, "order": slots[question.id]["order"], "number": number,
            "response": (attempt.responses or {}).get(question.id),
            "parts": _fill_parts(rendered.get("stem", "")) if question.type == "fill" else None,
        })
    return items


def _passed_overall(attempt: QuizAttempt) -> bool:
    result = services.quiz_result(attempt.user, attempt.quiz.slug)
    return bool(result and result.passed)


def review(attempt: QuizAttempt, viewer, grader: bool = False) -> dict[str, Any]:
    """The result page: what the quiz's review options allow (trainers and graders see everything)."""
    spec = attempt.quiz_version.to_spec()
    graded = attempt.status == "graded"
    full = grader or (viewer.id != attempt.user_id)
    passed = _passed_overall(attempt)
    show = {item: full or spec.review.shows(item, passed) for item in ("score", "responses", "feedback")}
    show["correct_answers"] = full or (graded and spec.review.shows("correct_answers", passed))
    show["feedback"] = show["feedback"] and (graded or full)
    items = []
    for item in attempt_items(attempt):
        q, response = item["q"], item["response"]
        mark = grade(q, response, (attempt.manual or {}).get(q.id))
        item.update(mark=mark, score=(attempt.marks or {}).get(q.id, mark.score),
                    feedback=[item["r"].get("feedback", {}).get(t, "") for t in feedback_for(q, response)],
                    correct=correct_response(q) if q.graded else None)
        items.append(item)
    return {"attempt": attempt, "spec": spec, "items": items, "show": show, "grader": grader,
            "result": services.quiz_result(attempt.user, attempt.quiz.slug), "course": course_of(None, spec.course)}


def essay_points(attempt: QuizAttempt, form: MultiDict) -> dict[str, float]:
    """Trainer marks for essays from the grading form; a mark that is not a number is a QuizError."""
    points = {}
    for q in services.questions_of(attempt):
        if q.type != "essay":
            continue
        try:
            points[q.id] = float(form.get(f"mark-{q.id}", ""))
        except ValueError as exc:
            raise services.QuizError(f"{q.id}: not a number") from exc
    return points


def manage_rows() -> list[dict[str, Any]]:
    """Every quiz with its version, question count and number of attempts."""
    counts = dict(db.session.execute(
        select(QuizAttempt.quiz_id, func.count()).group_by(QuizAttempt.quiz_id)).all())
    from elearn.courses.services import current_courses

    courses = {c.slug: {"slug": c.slug, "title": c.current_version.title} for c in current_courses()}
    rows = []
    for version in services.published_quizzes():
        spec = version.to_spec()
        rows.append({"version": version, "spec": spec, "attempts": counts.get(version.quiz_id, 0),
                     "course": courses.get(spec.course)})
    return rows


def import_choices() -> dict[str, list[tuple[str, dict[str, str]]]]:
    """(slug, title) of every quiz and every published course, offered as suggestions on the GIFT upload page."""
    from elearn.courses.services import current_courses

    return {"quiz_choices": [(v.quiz.slug, v.title) for v in services.published_quizzes()],
            "course_choices": [(c.slug, c.current_version.title) for c in current_courses()]}


def bank(version: QuizVersion) -> dict[str, Any]:
    """The question bank grouped by tag (untagged questions last)."""
    spec = version.to_spec()
    by_tag: dict[str, list[Question]] = defaultdict(list)
    for q in spec.questions:
        for tag in q.tags or ("",):
            by_tag[tag].append(q)
    tags = sorted(t for t in by_tag if t) + ([""] if "" in by_tag else [])
    return {"spec": spec, "tags": [(t, by_tag[t]) for t in tags], "rendered": version.rendered}


def preview(spec: QuizSpec) -> list[dict[str, Any]]:
    """Each question of an edited (unpublished) spec rendered as learners and reviewers would see it."""
    from elearn.courses.publishing import reference_fields

    refs = reference_fields()
    return [{"q": q, "r": render_question(q, refs), "correct": correct_response(q) if q.graded else None}
            for q in spec.questions]
