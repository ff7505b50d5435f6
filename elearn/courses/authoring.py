"""Trainer pages: drafts, the Markdown editor with live preview, image upload, publishing, history and diffs.

The views are registered on the courses blueprint by `register(bp)` (called in routes.py), so the domain keeps
one blueprint, one URL prefix and one template folder.
"""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from elearn.audit import services as audit
from elearn.auth.permissions import role_required
from elearn.core.clock import now
from elearn.courses import editor, services
from elearn.courses.diff import diff_files
from elearn.courses.files import course_texts
from elearn.courses.forms import (
    AddLessonForm,
    CourseForm,
    LessonForm,
    MediaForm,
    NewCourseForm,
    PublishForm,
    bilingual,
    category_choices,
    split_list,
)
from elearn.courses.markdown import render_markdown
from elearn.courses.models import CourseDraft
from elearn.courses.publishing import latest_version, reference_fields, spec_from_version
from elearn.extensions import db

_VIEWS: list[tuple[str, object, tuple[str, ...]]] = []


def _collect(rule: str, methods: tuple[str, ...]):
    def decorator(view):
        _VIEWS.append((rule, view, methods))
        return view

    return decorator


def route(rule: str):
    return _collect(rule, ("GET",))


def route_post(rule: str):
    return _collect(rule, ("POST",))


def route_any(rule: str, methods):
    return _collect(rule, tuple(methods))


def register(bp) -> None:
    """Add the trainer views to the courses blueprint (endpoint = function name)."""
    for rule, view, methods in _VIEWS:
        bp.add_url_rule(rule, view.__name__, view, methods=list(methods))


def _course_or_404(slug: str):
    course = services.published_course(slug)
    if course is None:
        abort(404)
    return course, course.current_version


def _draft_or_404(slug: str):
    draft = editor.draft_for(slug)
    if draft is None:
        abort(404)
    return draft


@route("/manage")
@role_required("trainer")
def manage():
    form = NewCourseForm()
    form.category.choices = category_choices()
    drafts = {draft.slug: draft for draft in db.session.scalars(select(CourseDraft).order_by(CourseDraft.slug))}
    courses = services.current_courses()
    new_drafts = [draft for slug, draft in drafts.items() if slug not in {c.slug for c in courses}]
    return render_template("courses/manage.html", courses=courses, drafts=drafts, new_drafts=new_drafts, form=form)


@route_post("/manage/new")
@role_required("trainer")
def manage_new():
    form = NewCourseForm()
    form.category.choices = category_choices()
    if form.validate_on_submit():
        try:
            editor.new_draft(
                form.slug.data, form.title_zh.data, form.title_en.data, form.category.data, current_user, now()
            )
        except editor.EditorError as exc:
            form.slug.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for("courses.draft", slug=form.slug.data))
    courses = services.current_courses()
    return render_template("courses/manage.html", courses=courses, drafts={}, new_drafts=[], form=form), 400


@route_post("/manage/<slug>/open")
@role_required("trainer")
def draft_open(slug: str):
    try:
        editor.open_draft(slug, current_user, now())
    except editor.EditorError:
        abort(404)
    db.session.commit()
    return redirect(url_for("courses.draft", slug=slug))


def _course_form(draft) -> CourseForm:
    data, cert = draft.data, draft.data.get("certification") or {}
    form = CourseForm(
        data={
            "title_zh": data["title"].get("zh"),
            "title_en": data["title"].get("en"),
            "summary_zh": (data.get("summary") or {}).get("zh"),
            "summary_en": (data.get("summary") or {}).get("en"),
            "audience_zh": (data.get("audience") or {}).get("zh"),
            "audience_en": (data.get("audience") or {}).get("en"),
            "category": data.get("category"),
            "estimated_minutes": data.get("estimated_minutes"),
            "prerequisites": ", ".join(data.get("prerequisites") or []),
            "quiz": cert.get("quiz") or "",
            "scenarios": ", ".join(cert.get("scenarios") or []),
            "validity_days": cert.get("validity_days", 365),
            "recertify": data.get("recertify_on_new_version", False),
        }
        if request.method == "GET"
        else None
    )
    form.category.choices = category_choices()
    return form


def _course_fields(form: CourseForm, draft) -> dict:
    cert = dict(draft.data.get("certification") or {})
    cert.update(
        quiz=form.quiz.data or None, scenarios=split_list(form.scenarios.data), validity_days=form.validity_days.data
    )
    return {
        "title": bilingual(form.title_zh.data, form.title_en.data),
        "summary": bilingual(form.summary_zh.data, form.summary_en.data),
        "audience": bilingual(form.audience_zh.data, form.audience_en.data),
        "category": form.category.data,
        "estimated_minutes": form.estimated_minutes.data or 0,
        "prerequisites": split_list(form.prerequisites.data),
        "certification": cert,
        "recertify_on_new_version": bool(form.recertify.data),
    }


@route_any("/manage/<slug>", ["GET", "POST"])
@role_required("trainer")
def draft(slug: str):
    draft = _draft_or_404(slug)
    form = _course_form(draft)
    if form.validate_on_submit():
        editor.update_course(draft, _course_fields(form, draft), current_user, now())
        db.session.commit()
        flash(_("Course details saved in the draft."), "success")
        return redirect(url_for("courses.draft", slug=slug))
    _spec, problems = editor.check_draft(draft)
    return render_template(
        "courses/draft.html",
        draft=draft,
        form=form,
        problems=problems,
        publish_form=PublishForm(),
        add_form=AddLessonForm(),
        media_form=MediaForm(),
        latest=latest_version(slug),
    )


def _lesson_form(row: dict) -> LessonForm:
    if request.method == "POST":
        return LessonForm()
    return LessonForm(
        data={
            "title_zh": row["title"].get("zh"),
            "title_en": row["title"].get("en"),
            "minutes": row["minutes"],
            "objectives": "\n".join(row["objectives"]),
            "body": row["body"],
        }
    )


@route_any("/manage/<slug>/lessons/<filename>", ["GET", "POST"])
@role_required("trainer")
def lesson_edit(slug: str, filename: str):
    draft = _draft_or_404(slug)
    row = editor.lesson_data(draft, filename)
    if row is None:
        abort(404)
    form = _lesson_form(row)
    if form.validate_on_submit() and request.form.get("action") != "preview":
        editor.save_lesson(
            draft,
            filename,
            {
                "title": bilingual(form.title_zh.data, form.title_en.data),
                "minutes": form.minutes.data,
                "objectives": [line.strip() for line in (form.objectives.data or "").splitlines() if line.strip()],
                "body": (form.body.data or "").replace("\r\n", "\n"),
            },
            current_user,
            now(),
        )
        db.session.commit()
        flash(_("Lesson saved in the draft."), "success")
        return redirect(url_for("courses.lesson_edit", slug=slug, filename=filename))
    body = form.body.data if form.body.data is not None else row["body"]
    preview = render_markdown(body or "", reference_fields(), url_for("courses.draft_media", slug=slug, name="x")[:-2])
    return render_template("courses/lesson_edit.html", draft=draft, row=row, form=form, preview=preview)


@route_post("/manage/<slug>/preview")
@role_required("trainer")
def preview(slug: str):
    """The editor's live preview: the same pipeline learners get, rendered on the server."""
    base = url_for("courses.draft_media", slug=slug, name="x")[:-2]
    return jsonify(html=render_markdown(request.form.get("body", "")[:200_000], reference_fields(), base))


@route_post("/manage/<slug>/lessons")
@role_required("trainer")
def lesson_add(slug: str):
    draft = _draft_or_404(slug)
    form = AddLessonForm()
    if not form.validate_on_submit():
        flash(_("Give the lesson a file name (letters, digits, dashes) and a title."), "danger")
        return redirect(url_for("courses.draft", slug=slug))
    try:
        filename = editor.add_lesson(draft, form.name.data, form.title_zh.data, current_user, now())
    except editor.EditorError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("courses.draft", slug=slug))
    db.session.commit()
    return redirect(url_for("courses.lesson_edit", slug=slug, filename=filename))


@route_post("/manage/<slug>/lessons/<filename>/delete")
@role_required("trainer")
def lesson_delete(slug: str, filename: str):
    draft = _draft_or_404(slug)
    try:
        editor.remove_lesson(draft, filename, current_user, now())
    except editor.EditorError:
        abort(404)
    db.session.commit()
    flash(_("Lesson removed from the draft."), "success")
    return redirect(url_for("courses.draft", slug=slug))


@route_post("/manage/<slug>/lessons/<filename>/move")
@role_required("trainer")
def lesson_move(slug: str, filename: str):
    draft = _draft_or_404(slug)
    try:
        editor.move_lesson(draft, filename, 1 if request.form.get("direction") == "down" else -1, current_user, now())
    except editor.EditorError:
        abort(404)
    db.session.commit()
    return redirect(url_for("courses.draft", slug=slug))


@route_post("/manage/<slug>/media")
@role_required("trainer")
def media_upload(slug: str):
    draft = _draft_or_404(slug)
    form = MediaForm()
    if not form.validate_on_submit():
        flash(_("Choose an image file to upload."), "danger")
        return redirect(url_for("courses.draft", slug=slug))
    upload = form.image.data
    try:
        name = editor.add_media(draft, upload.filename, upload.read(editor.MAX_MEDIA_BYTES + 1), current_user, now())
    except editor.EditorError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("courses.draft", slug=slug))
    db.session.commit()
    flash(_("Image uploaded. Use it in a lesson as: ![description](media/%(name)s)", name=name), "success")
    return redirect(url_for("courses.draft", slug=slug))


@route("/manage/<slug>/media/<name>")
@role_required("trainer")
def draft_media(slug: str, name: str):
    draft = _draft_or_404(slug)
    item = next((m for m in draft.media if m.name == name), None)
    if item is None:
        abort(404)
    return Response(item.data, mimetype=item.content_type)


@route_post("/manage/<slug>/publish")
@role_required("trainer")
def publish(slug: str):
    draft = _draft_or_404(slug)
    form = PublishForm()
    version, problems = editor.publish_draft(draft, form.change_note.data or "", current_user, now())
    if problems:
        db.session.rollback()
        for problem in problems[:20]:
            flash(str(problem), "danger")
        return redirect(url_for("courses.draft", slug=slug))
    audit.record(current_user, "course.publish", f"course:{slug}", {"version": version.version}, now())
    db.session.commit()
    flash(_("Published version %(n)s.", n=version.version), "success")
    return redirect(url_for("courses.versions", slug=slug))


@route_post("/manage/<slug>/discard")
@role_required("trainer")
def discard(slug: str):
    db.session.delete(_draft_or_404(slug))
    db.session.commit()
    flash(_("Draft discarded."), "success")
    return redirect(url_for("courses.manage"))


@route("/<slug>/versions")
@role_required("trainer")
def versions(slug: str):
    course, current = _course_or_404(slug)
    return render_template(
        "courses/versions.html", course=course, current=current, versions=list(reversed(course.versions))
    )


@route("/<slug>/diff")
@role_required("trainer")
def diff(slug: str):
    course, _current = _course_or_404(slug)
    by_number = {v.version: v for v in course.versions}
    old = by_number.get(request.args.get("a", type=int))
    new = by_number.get(request.args.get("b", type=int))
    if old is None or new is None:
        abort(404)
    changes = diff_files(course_texts(spec_from_version(old)), course_texts(spec_from_version(new)))
    return render_template(
        "courses/diff.html", course=course, old=old, new=new, changes=changes, versions=list(reversed(course.versions))
    )
