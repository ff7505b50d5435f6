"""Learner pages: catalogue, course, lesson, progress, media, glossary, search. Trainer pages: authoring.py."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.core.clock import now
from elearn.core.i18n import current_language
from elearn.core.text import natural_key
from elearn.courses import authoring, lesson_view, services
from elearn.courses.labels import STATUS_LABELS, category_label, course_status
from elearn.courses.markdown import citation_label
from elearn.courses.models import CourseMedia, CourseVersion, LawReference
from elearn.courses.search import search_lessons
from elearn.extensions import db
from elearn.main.registry import home_widget, nav_item

bp = Blueprint("courses", __name__, url_prefix="/courses", template_folder="templates")
authoring.register(bp)  # the trainer pages (authoring.py)

nav_item("courses.catalogue", _l("Courses"), roles=("learner",), order=10, icon="book")
nav_item("courses.manage", _l("Authoring"), roles=("trainer",), order=40, icon="pencil-square")


def _catalogue_context(user, moment):
    return {"entries": _entries(user)[:4]}


home_widget("courses/_home_widget.html", roles=("learner",), order=10, context=_catalogue_context)


@bp.app_context_processor
def course_helpers():
    return {"category_label": category_label, "course_status": course_status, "status_labels": STATUS_LABELS}


def _course_or_404(slug: str):
    course = services.published_course(slug)
    if course is None:
        abort(404)
    return course, course.current_version


def _entries(user) -> list[dict]:
    """Catalogue rows: assigned courses first (soonest due), then the rest by category."""
    assigned = services.my_assignments(user)
    rows = []
    for course in services.current_courses():
        version = course.current_version
        progress = services.course_progress(user, version)
        assignment = assigned.get(course.slug)
        rows.append({"course": course, "version": version, "progress": progress, "assignment": assignment})
    far = datetime.max  # not now().replace(year=9999): on 29 February that raises
    rows.sort(
        key=lambda r: (
            r["assignment"] is None,
            r["assignment"] and r["assignment"].due_at or far,
            r["version"].category,
            r["course"].slug,
        )
    )
    return rows


@bp.get("/")
@login_required
def catalogue():
    entries = _entries(current_user)
    assigned = [e for e in entries if e["assignment"] is not None]
    by_category: dict[str, list] = {}
    for entry in entries:
        if entry["assignment"] is None:
            by_category.setdefault(entry["version"].category, []).append(entry)
    return render_template("courses/catalogue.html", assigned=assigned, by_category=by_category, moment=now())


@bp.get("/<slug>")
@login_required
def course(slug: str):
    course, version = _course_or_404(slug)
    progress = services.course_progress(current_user, version)
    return render_template(
        "courses/course.html",
        course=course,
        version=version,
        progress=progress,
        minutes_left=services.minutes_left(version, progress),
        prerequisites=services.prerequisites(current_user, version),
        locked=services.locked(current_user, version),
        resume=services.resume_lesson(current_user, version),
        needs=services.certificate_needs(current_user, version),
        cert=services.certificate_panel(current_user, slug, now()),
        assignment=services.my_assignments(current_user).get(slug),
    )


def _lesson_or_404(slug: str, lesson_slug: str):
    course, version = _course_or_404(slug)
    lesson = services.find_lesson(version, lesson_slug)
    if lesson is None:
        abort(404)
    return course, version, lesson


@bp.get("/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    """The lesson page: the user and one query (lesson_view.py), the published lesson from its snapshot."""
    view = lesson_view.open_lesson(current_user, slug, lesson_slug, now())
    if view is None:
        abort(404)
    if view.locked:
        return redirect(url_for("courses.course", slug=slug))
    lessons, index = view.version.lessons, view.version.lessons.index(view.lesson)
    page = render_template(
        "courses/lesson.html",
        course=view.course,
        version=view.version,
        lesson=view.lesson,
        progress=view.progress,
        done=view.lesson.slug in view.progress.done_slugs,
        previous=lessons[index - 1] if index > 0 else None,
        next_lesson=lessons[index + 1] if index + 1 < len(lessons) else None,
    )
    if view.recorded:  # after rendering: committing first would expire and reload every object
        db.session.commit()
    return page


@bp.post("/<slug>/lessons/<lesson_slug>/complete")
@login_required
def complete(slug: str, lesson_slug: str):
    course, version, lesson = _lesson_or_404(slug, lesson_slug)
    if services.locked(current_user, version):
        abort(403)
    services.complete_lesson(current_user, lesson, now())
    db.session.commit()
    index = version.lessons.index(lesson)
    if index + 1 < len(version.lessons):
        return redirect(url_for("courses.lesson", slug=slug, lesson_slug=version.lessons[index + 1].slug))
    return redirect(url_for("courses.course", slug=slug))


@bp.post("/<slug>/lessons/<lesson_slug>/ping")
@login_required
def ping(slug: str, lesson_slug: str):
    """Heartbeat from an open, visible lesson page (static/js/courses.js): bounded time on page."""
    _, _, lesson = _lesson_or_404(slug, lesson_slug)
    seconds = services.record_time(current_user, lesson, now())
    db.session.commit()
    return jsonify(seconds=seconds)


@bp.get("/<slug>/resume")
@login_required
def resume(slug: str):
    _, version = _course_or_404(slug)
    target = services.resume_lesson(current_user, version) or version.lessons[0]
    return redirect(url_for("courses.lesson", slug=slug, lesson_slug=target.slug))


@bp.get("/<slug>/media/<int:number>/<name>")
@login_required
def media(slug: str, number: int, name: str):
    row = db.session.scalars(
        select(CourseMedia)
        .join(CourseVersion, CourseVersion.id == CourseMedia.course_version_id)
        .where(CourseVersion.version == number, CourseMedia.name == name, CourseVersion.course.has(slug=slug))
    ).first()
    if row is None:
        abort(404)
    response = Response(row.data, mimetype=row.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@bp.get("/glossary")
@login_required
def glossary():
    rows = sorted(db.session.scalars(select(LawReference)), key=lambda row: natural_key(row.ref_id))
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.fields.get("law", {}).get("zh", row.ref_id), []).append(row)
    labels = {row.ref_id: citation_label(row.fields, current_language()) for row in rows}
    return render_template("courses/glossary.html", groups=groups, labels=labels)


@bp.get("/search")
@login_required
def search():
    query = (request.args.get("q") or "").strip()[:100]
    hits = search_lessons(query) if query else []
    return render_template("courses/search.html", query=query, hits=hits)
