"""Lesson search that works for Chinese: SQLite FTS5 trigram index, or a substring scan on PostgreSQL.

Only the current version of each course is searchable. Snippets are cut in
Python (`snippets.py`) so highlighting never trusts HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select, text

from elearn.courses.models import Course, CourseVersion, Lesson
from elearn.courses.snippets import matches_all, query_terms, snippet
from elearn.extensions import db

MAX_RESULTS = 30


@dataclass(frozen=True)
class Hit:
    """One lesson that matches: where it is and the highlighted snippet."""

    course_slug: str
    course_title: dict
    lesson_slug: str
    lesson_title: dict
    segments: list[tuple[str, bool]]


def _is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def index_version(version: CourseVersion) -> None:
    """Replace the course's rows in the SQLite trigram index with this version's lessons."""
    if not _is_sqlite():
        return
    old = select(Lesson.id).join(CourseVersion).where(CourseVersion.course_id == version.course_id)
    old_ids = list(db.session.scalars(old))
    if old_ids:
        delete = text("DELETE FROM lesson_search WHERE lesson_id IN :ids").bindparams(bindparam("ids", expanding=True))
        db.session.execute(delete, {"ids": old_ids})
    for lesson in version.lessons:
        db.session.execute(
            text("INSERT INTO lesson_search (lesson_id, title, body) VALUES (:id, :title, :body)"),
            {"id": lesson.id, "title": " ".join(lesson.title.values()), "body": lesson.plain_text},
        )


def _candidate_ids(terms: list[str]) -> list[int] | None:
    """Lesson ids from the trigram index (None: scan instead, e.g. a 2-character Chinese word)."""
    if not _is_sqlite() or any(len(term) < 3 for term in terms):
        return None
    query = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
    rows = db.session.execute(
        text("SELECT lesson_id FROM lesson_search WHERE lesson_search MATCH :q ORDER BY rank LIMIT 200"), {"q": query}
    )
    return [int(row[0]) for row in rows]


def _current_lessons(ids: list[int] | None, terms: list[str]):
    stmt = (
        select(Lesson)
        .join(CourseVersion, Lesson.course_version_id == CourseVersion.id)
        .join(Course, Course.current_version_id == CourseVersion.id)
    )
    if ids is not None:
        stmt = stmt.where(Lesson.id.in_(ids))
    else:
        for term in terms:
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Lesson.plain_text.ilike(f"%{escaped}%", escape="\\"))
    return db.session.scalars(stmt.order_by(Course.slug, Lesson.position)).all()


def search_lessons(query: str) -> list[Hit]:
    """Lessons of current versions containing every term of `query`, with highlighted snippets."""
    terms = query_terms(query)
    if not terms:
        return []
    hits = []
    for lesson in _current_lessons(_candidate_ids(terms), terms):
        title = " ".join(lesson.title.values())
        if not matches_all(f"{title} {lesson.plain_text}", terms):
            continue
        version = lesson.course_version
        hits.append(
            Hit(version.course.slug, version.title, lesson.slug, lesson.title, snippet(lesson.plain_text, terms))
        )
        if len(hits) >= MAX_RESULTS:
            break
    return hits
