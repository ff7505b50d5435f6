"""Quiz specs -> immutable published versions, with every text rendered and sanitised once.

Services: they add and flush; the CLI command or route that calls them commits once.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from elearn.core.problems import Problem
from elearn.courses.markdown import render_markdown, sanitize
from elearn.extensions import db
from elearn.quizzes.bank import Question, QuizSpec, spec_to_dict
from elearn.quizzes.models import Quiz, QuizVersion

PARAGRAPH_RE = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


def fingerprint(spec: QuizSpec) -> str:
    """A hash of everything the quiz is, so an edit without a version bump is caught."""
    data = json.dumps(spec_to_dict(spec), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def render_text(text: str, fmt: str, refs: Mapping[str, Any]) -> str:
    """One stem, option or feedback as safe HTML, by the question's format."""
    if not text:
        return ""
    if fmt == "html":
        return sanitize(text)
    if fmt == "plain":
        return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
    return render_markdown(text, refs)


def render_inline(text: str, fmt: str, refs: Mapping[str, Any]) -> str:
    """Like render_text, without the paragraph around a one-paragraph text (options, matching items)."""
    rendered = render_text(text, fmt, refs).strip()
    match = PARAGRAPH_RE.match(rendered)
    return match.group(1) if match and "<p>" not in match.group(1) else rendered


def render_question(question: Question, refs: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a page shows of a question, as HTML; feedback by its source text."""
    fmt = question.format

    def inline(text: str) -> str:
        return render_inline(text, fmt, refs)

    feedback = [o.feedback for o in question.options] + [a.feedback for a in question.accepted]
    feedback += [n.feedback for n in question.numeric] + [question.feedback_true, question.feedback_false]
    return {
        "stem": render_text(question.stem, fmt, refs),
        "explanation": render_text(question.explanation, fmt, refs),
        "law": render_markdown(" ".join(f"[[law:{ref}]]" for ref in question.law), refs) if question.law else "",
        "options": {o.key: inline(o.text) for o in question.options},
        "lefts": [inline(p.left) for p in question.pairs],
        "rights": [inline(r) for r in question.right_choices()],
        "items": [inline(i) for i in question.items],
        "feedback": {text: render_text(text, fmt, refs) for text in feedback if text},
        "guidance": render_text(question.guidance, fmt, refs),
    }


def render_spec(spec: QuizSpec, refs: Mapping[str, Any]) -> dict[str, Any]:
    return {q.id: render_question(q, refs) for q in spec.questions}


def latest_version(slug: str) -> QuizVersion | None:
    """The highest published version of a quiz, or None."""
    return db.session.scalars(
        select(QuizVersion).join(Quiz, Quiz.id == QuizVersion.quiz_id).where(Quiz.slug == slug)
        .order_by(QuizVersion.version.desc()).limit(1)
    ).first()


def version_problems(spec: QuizSpec, where: str) -> list[Problem]:
    """An edited quiz needs a higher `version`; versions never go back."""
    latest = latest_version(spec.slug)
    if latest is None or spec.version > latest.version:
        return []
    if spec.version < latest.version:
        return [Problem(where, None, f"version {spec.version} is older than published version {latest.version}")]
    if fingerprint(spec) != latest.fingerprint:
        return [Problem(where, None, f"the quiz changed but version is still {spec.version}: bump version")]
    return []


def publish_spec(spec: QuizSpec, refs: Mapping[str, Any], actor, now: datetime,
                 source: str = "files") -> QuizVersion | None:
    """Add a version when spec.version is new; None when that version is already published."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == spec.slug))
    if quiz is None:
        quiz = Quiz(slug=spec.slug, course_slug=spec.course, created_at=now)
        db.session.add(quiz)
        db.session.flush()
    latest = latest_version(spec.slug)
    if latest is not None and latest.version >= spec.version:
        return None
    quiz.course_slug = spec.course
    version = QuizVersion(
        quiz_id=quiz.id, version=spec.version, title=dict(spec.title), spec=spec_to_dict(spec),
        rendered=render_spec(spec, refs), fingerprint=fingerprint(spec), source=source, published_at=now,
        published_by_id=getattr(actor, "id", None),
    )
    db.session.add(version)
    db.session.flush()
    return version


def publish_specs(specs: list[QuizSpec], refs: Mapping[str, Any], now: datetime) -> list[str]:
    """Publish every quiz file whose version is new (the `content load` step)."""
    lines = []
    for spec in sorted(specs, key=lambda s: s.slug):
        if publish_spec(spec, refs, None, now) is not None:
            lines.append(f"published quiz {spec.slug} v{spec.version}")
    return lines
