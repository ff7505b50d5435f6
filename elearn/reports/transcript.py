"""An employee's transcript (page and PDF) and the learning events exported as xAPI statements.

Reads other domains' tables read-only, with a fixed number of queries per transcript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from elearn.auth.models import User
from elearn.certificates.models import Certificate
from elearn.core.i18n import current_language, localized
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.reports import learning, xapi
from elearn.reports.queries import StatusRow, my_status_rows
from elearn.reports.status import LABELS


@dataclass
class Transcript:
    person: User
    required: list[StatusRow]
    versions: list[dict] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    quiz_attempts: list[dict] = field(default_factory=list)
    scenario_runs: list[dict] = field(default_factory=list)


def build(person: User, now: datetime) -> Transcript:
    """Everything the person has done: required courses, versions studied, quizzes, calls, certificates."""
    from elearn.extensions import db

    versions = db.session.execute(
        select(Course.slug, CourseVersion.version, CourseVersion.title,
               func.count(func.distinct(LessonProgress.lesson_id)).filter(LessonProgress.completed_at.is_not(None)),
               func.min(LessonProgress.started_at), func.max(LessonProgress.last_seen_at))
        .join(CourseVersion, LessonProgress.course_version_id == CourseVersion.id)
        .join(Course, CourseVersion.course_id == Course.id)
        .where(LessonProgress.user_id == person.id)
        .group_by(CourseVersion.id, Course.slug)  # JSON title cannot be grouped on PostgreSQL; the id implies it
        .order_by(Course.slug, CourseVersion.version)).all()
    certs = db.session.scalars(select(Certificate).where(Certificate.user_id == person.id)
                               .order_by(Certificate.issued_at.desc())).all()
    return Transcript(
        person=person, required=my_status_rows(person, now),
        versions=[{"slug": s, "version": v, "title": t or {}, "lessons_done": d, "started_at": a, "last_seen_at": b}
                  for s, v, t, d, a, b in versions],
        certificates=list(certs),
        quiz_attempts=learning.quiz_attempts_of(person.id),
        scenario_runs=learning.scenario_runs_of(person.id),
    )


def _d(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def sections(t: Transcript, lang: str) -> list[dict]:
    """The transcript as titled tables of plain values (for the PDF, CSV and XLSX exports)."""
    return [
        {"title": gettext("Required courses"), "empty": gettext("No required courses."),
         "header": [gettext("Course"), gettext("Status"), gettext("Lessons"), gettext("Due date"),
                    gettext("Certificate expires")],
         "rows": [[localized(r.title, lang) or r.course_slug, gettext(LABELS[r.cell.status]),
                   f"{r.cell.lessons_done}/{r.cell.lessons_total}", _d(r.cell.due_at), _d(r.cell.expires_at)]
                  for r in t.required]},
        {"title": gettext("Course versions studied"), "empty": gettext("No lessons read yet."),
         "header": [gettext("Course"), gettext("Version"), gettext("Lessons completed"), gettext("First visit"),
                    gettext("Last visit")],
         "rows": [[localized(v["title"], lang) or v["slug"], v["version"], v["lessons_done"], _d(v["started_at"]),
                   _d(v["last_seen_at"])] for v in t.versions]},
        {"title": gettext("Quiz attempts"), "empty": gettext("No quiz attempts."),
         "header": [gettext("Quiz"), gettext("Version"), gettext("Attempt"), gettext("Submitted"), gettext("Score"),
                    gettext("Result")],
         "rows": [[localized(q["title"], lang), q["version"], q["number"], _d(q["submitted_at"]),
                   "" if q["percent"] is None else f"{q['percent']:.0f}%", _verdict(q["passed"])]
                  for q in t.quiz_attempts]},
        {"title": gettext("Call simulations"), "empty": gettext("No call simulations."),
         "header": [gettext("Scenario"), gettext("Version"), gettext("Mode"), gettext("Finished"), gettext("Result"),
                    gettext("Violations")],
         "rows": [[localized(r["title"], lang), r["version"], _mode(r["mode"]), _d(r["finished_at"]),
                   _verdict(r["passed"]), ", ".join(r["violations"] or [])] for r in t.scenario_runs]},
        {"title": gettext("Certificates"), "empty": gettext("No certificates."),
         "header": [gettext("Serial"), gettext("Course"), gettext("Version"), gettext("Score"), gettext("Issued"),
                    gettext("Expires"), gettext("Revoked")],
         "rows": [[c.serial, c.course_title_en if lang == "en" else c.course_title_zh, c.course_version,
                   "" if c.score is None else f"{c.score:.0f}", _d(c.issued_at), _d(c.expires_at), _d(c.revoked_at)]
                  for c in t.certificates]},
    ]


def pdf(person: User, now: datetime) -> bytes:
    """The transcript as a PDF (plain values handed to the WeasyPrint boundary)."""
    from elearn.reports.pdf import transcript_pdf

    parts = sections(build(person, now), current_language())
    generated = gettext("Generated")
    return transcript_pdf(
        title=gettext("Training transcript"), organisation=current_app.config["ORGANISATION_NAME"],
        person_line=f"{person.display_name} · {person.employee_no} · {person.position or ''}",
        generated=f"{generated}: {now:%Y-%m-%d %H:%M} UTC", sections=parts,
    )


def table_export(person: User, now: datetime, fmt: str) -> bytes:
    """The transcript as CSV (sections one after another) or XLSX (one sheet per section)."""
    from elearn.reports import writers

    parts = sections(build(person, now), current_language())
    if fmt == "xlsx":
        return writers.write_xlsx_sheets([(p["title"], p["header"], p["rows"]) for p in parts])
    rows: list[list] = [[gettext("Training transcript"), person.display_name, person.employee_no]]
    for part in parts:
        rows += [[], [part["title"]], part["header"], *part["rows"]]
    return writers.write_csv(rows[0], rows[1:])


def _verdict(passed) -> str:
    if passed is None:
        return gettext("Awaiting grading")
    return gettext("Passed") if passed else gettext("Not passed")


def _mode(mode: str) -> str:
    return gettext("Assessment") if mode == "assessment" else gettext("Practice")


def parse_since(raw: str | None) -> datetime | None:
    """An ISO date or date-time (UTC if no zone) or None; raises nothing (bad input means "all")."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def learning_events(since: datetime | None) -> list[xapi.LearningEvent]:
    """Lesson completions, graded quizzes, assessment calls and certificates, oldest first (four queries)."""
    from elearn.extensions import db

    lessons = select(User.employee_no, Course.slug, Lesson.slug, Lesson.title, LessonProgress.completed_at,
                     LessonProgress.id).join(User, LessonProgress.user_id == User.id) \
        .join(Lesson, LessonProgress.lesson_id == Lesson.id) \
        .join(CourseVersion, Lesson.course_version_id == CourseVersion.id) \
        .join(Course, CourseVersion.course_id == Course.id).where(LessonProgress.completed_at.is_not(None))
    certs = select(Certificate)
    if since is not None:
        lessons = lessons.where(LessonProgress.completed_at >= since)
        certs = certs.where(Certificate.issued_at >= since)
    events = [
        xapi.LearningEvent("completed", no, f"courses/{course}/{lesson}", title or {}, at, ref=f"lesson_progress:{pid}")
        for no, course, lesson, title, at, pid in db.session.execute(lessons)
    ]
    events += [
        xapi.LearningEvent("earned", c.employee_no, f"courses/{c.course_slug}",
                           {"zh": c.course_title_zh, "en": c.course_title_en}, c.issued_at, c.score, True,
                           ref=f"certificate:{c.serial}")
        for c in db.session.scalars(certs)
    ]
    events += learning.quiz_events(since) + learning.scenario_events(since)
    return sorted(events, key=lambda e: e.at)


def xapi_statements(since: datetime | None) -> list[dict]:
    """Learning events as xAPI statements, ids stable across exports."""
    base = current_app.config["BASE_URL"]
    return [xapi.statement(e, base) for e in learning_events(since)]
