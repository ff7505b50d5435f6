"""Quiz pages: learners take attempts and see results; trainers manage banks, grade essays, analyse items."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from elearn.audit import services as audit
from elearn.auth.permissions import can_author, role_required
from elearn.core.clock import now
from elearn.extensions import db
from elearn.main.registry import home_widget, nav_item
from elearn.quizzes import analysis as analysis_service
from elearn.quizzes import authoring, presenting, services
from elearn.quizzes.content import SLUG_RE
from elearn.quizzes.forms import GiftUploadForm, QuizEditorForm, responses_from_form
from elearn.quizzes.gift import GiftError, decode
from elearn.quizzes.models import QuizAttempt
from elearn.quizzes.publishing import latest_version

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes", template_folder="templates")

nav_item("quizzes.index", _l("Quizzes"), roles=("learner",), order=30, icon="patch-check")
nav_item("quizzes.manage", _l("Quiz banks"), roles=("trainer",), order=35, icon="ui-checks-grid")


def _my_quizzes(user, moment):
    return {"quiz_rows": presenting.learner_quizzes(user, moment, with_course=False)[:6]}


def _grading_waiting(user, moment):
    return {"waiting": len(services.grading_queue())}


home_widget("quizzes/_home_widget.html", roles=("learner",), order=20, context=_my_quizzes)
home_widget("quizzes/_trainer_widget.html", roles=("trainer",), order=20, context=_grading_waiting)


def _version_or_404(slug: str):
    version = latest_version(slug)
    if version is None:
        abort(404)
    return version


def _own_attempt(attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.get("/")
@login_required
def index():
    rows = presenting.learner_quizzes(current_user, now())
    db.session.commit()
    return render_template("quizzes/index.html", rows=rows)


@bp.get("/<slug>")
@login_required
def quiz(slug: str):
    version = _version_or_404(slug)
    moment = now()
    services.close_expired(current_user, version.quiz, moment)
    db.session.commit()
    return render_template("quizzes/quiz.html", **presenting.overview(current_user, version, moment))


@bp.post("/<slug>/start")
@login_required
def start(slug: str):
    _version_or_404(slug)
    try:
        attempt = services.start_attempt(current_user, slug, now())
        db.session.commit()
    except services.QuizError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(url_for("quizzes.quiz", slug=slug))
    except IntegrityError:  # a second tab started the same attempt number at the same moment
        db.session.rollback()
        attempt = services.start_attempt(current_user, slug, now())
        db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.get("/attempt/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    moment = now()
    if attempt.status == "in_progress" and attempt.deadline and attempt.deadline <= moment:
        services.submit_attempt(attempt, moment)
        db.session.commit()
    if attempt.finished:
        return redirect(url_for("quizzes.review", attempt_id=attempt.id))
    return render_template("quizzes/attempt.html", attempt=attempt, now=moment,
                           items=presenting.attempt_items(attempt))


@bp.post("/attempt/<int:attempt_id>/save")
@login_required
def save(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    moment = now()
    responses = responses_from_form(services.questions_of(attempt), attempt.layout, request.form)
    saved = services.save_responses(attempt, responses, moment)
    db.session.commit()
    if not saved:
        return jsonify(saved=False, message=_("This attempt is closed: answers are no longer accepted.")), 409
    return jsonify(saved=True, saved_at=moment.isoformat() + "Z")


@bp.post("/attempt/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    responses = responses_from_form(services.questions_of(attempt), attempt.layout, request.form)
    services.submit_attempt(attempt, now(), responses if attempt.status == "in_progress" else None)
    db.session.commit()
    return redirect(url_for("quizzes.review", attempt_id=attempt_id))


@bp.get("/attempt/<int:attempt_id>/review")
@login_required
def review(attempt_id: int):
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or (attempt.user_id != current_user.id and not can_author(current_user)):
        abort(404)
    if not attempt.finished:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    if attempt.user_id != current_user.id:
        _audit_view(attempt)
    return render_template("quizzes/review.html", **presenting.review(attempt, current_user))


def _audit_view(attempt: QuizAttempt) -> None:
    """A trainer reading a learner's answers is recorded (personal data)."""
    audit.record(current_user, "quiz.view_attempt", f"attempt:{attempt.id}", {"learner": attempt.user_id}, now())
    db.session.commit()


# --- trainers ---------------------------------------------------------------------------------------------------


@bp.get("/manage")
@role_required("trainer")
def manage():
    new_slug = request.args.get("new", "").strip()
    if new_slug:
        if SLUG_RE.match(new_slug):
            return redirect(url_for("quizzes.edit", slug=new_slug))
        flash(_("Lowercase letters, digits and dashes."), "warning")
    return render_template("quizzes/manage.html", rows=presenting.manage_rows(),
                           queue=len(services.grading_queue()))


@bp.get("/<slug>/bank")
@role_required("trainer")
def bank(slug: str):
    version = _version_or_404(slug)
    return render_template("quizzes/bank.html", version=version, **presenting.bank(version))


@bp.get("/<slug>/analysis")
@role_required("trainer")
def analysis(slug: str):
    version = _version_or_404(slug)
    return render_template("quizzes/analysis.html", version=version, **analysis_service.report(version))


@bp.get("/<slug>/analysis.csv")
@role_required("trainer")
def analysis_csv(slug: str):
    version = _version_or_404(slug)
    body = analysis_service.report_csv(version)
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={slug}-item-analysis.csv"})


@bp.get("/<slug>/export.gift")
@role_required("trainer")
def export(slug: str):
    exported = authoring.export_bank(slug)
    if exported is None:
        abort(404)
    text, skipped = exported
    headers = {"Content-Disposition": f"attachment; filename={slug}.gift"}
    if skipped:
        headers["X-Skipped-Questions"] = ",".join(qid for qid, _reason in skipped)
    return Response(text, mimetype="text/plain; charset=utf-8", headers=headers)


@bp.route("/import", methods=["GET", "POST"])
@role_required("trainer")
def import_gift():
    form = GiftUploadForm(slug=request.args.get("slug", ""))
    report = None
    if form.validate_on_submit():
        try:
            text = decode(form.file.data.read())
        except GiftError as exc:
            form.file.errors.append(str(exc))
            return render_template("quizzes/import.html", form=form, report=None, **presenting.import_choices())
        report = authoring.import_gift(text, form.slug.data, current_user, now(), course=form.course.data or None,
                                       dry_run=form.dry_run.data)
        if report.version is not None:
            audit.record(current_user, "quiz.import_gift", f"quiz:{form.slug.data}",
                         {"version": report.version.version, "questions": len(report.questions)}, now())
            db.session.commit()
            flash(_("Imported %(n)d questions into version %(v)d.", n=len(report.questions),
                    v=report.version.version), "success")
            return redirect(url_for("quizzes.bank", slug=form.slug.data))
        db.session.rollback()
    return render_template("quizzes/import.html", form=form, report=report, **presenting.import_choices())


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required("trainer")
def edit(slug: str):
    version = latest_version(slug)
    if version is None and not SLUG_RE.match(slug):
        abort(404)
    form = QuizEditorForm()
    spec, problems = None, []
    if request.method == "GET":
        form.source.data = authoring.editor_source(slug) or authoring.starter_source(slug)
    elif form.validate_on_submit():
        if form.publish.data:
            published, problems = authoring.publish_source(form.source.data, slug, current_user, now())
            if published is not None:
                audit.record(current_user, "quiz.publish", f"quiz:{slug}", {"version": published.version}, now())
                db.session.commit()
                flash(_("Published version %(v)d.", v=published.version), "success")
                return redirect(url_for("quizzes.bank", slug=slug))
        else:
            spec, problems = authoring.check_source(form.source.data, slug)
    preview = presenting.preview(spec) if spec is not None else []
    return render_template("quizzes/edit.html", slug=slug, version=version, form=form, problems=problems,
                           preview=preview, next_version=(version.version + 1) if version else 1)


@bp.get("/grading")
@role_required("trainer")
def grading():
    return render_template("quizzes/grading.html", queue=services.grading_queue())


@bp.route("/attempt/<int:attempt_id>/grade", methods=["GET", "POST"])
@role_required("trainer")
def grade(attempt_id: int):
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None:
        abort(404)
    if request.method == "POST":
        try:
            points = presenting.essay_points(attempt, request.form)
            services.grade_essays(current_user, attempt, points, now())
        except services.QuizError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("quizzes.grade", attempt_id=attempt_id))
        audit.record(current_user, "quiz.grade_essay", f"attempt:{attempt.id}", {"percent": attempt.percent}, now())
        db.session.commit()
        flash(_("Attempt graded."), "success")
        return redirect(url_for("quizzes.grading"))
    _audit_view(attempt)
    return render_template("quizzes/grade.html", **presenting.review(attempt, current_user, grader=True))
