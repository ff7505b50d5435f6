"""Certificate pages: my certificates, downloads, HR management, public verification, Open Badges."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from elearn.audit.services import record
from elearn.auth.permissions import can_manage_people, can_view_person, role_required
from elearn.certificates import documents, lifecycle, queries, services, tasks
from elearn.certificates.forms import BulkForm, FilterForm, ReissueForm, RevokeForm, VerifyForm
from elearn.certificates.models import BundleJob, Certificate
from elearn.certificates.queries import STATUS_LABELS
from elearn.certificates.verification import find_by_code, verify_code
from elearn.core.clock import now
from elearn.core.events import course_published, learning_progress
from elearn.core.i18n import localized
from elearn.core.jobs import own_job
from elearn.extensions import db, limiter
from elearn.main.registry import home_widget, nav_item

bp = Blueprint("certificates", __name__, url_prefix="/certificates", template_folder="templates")

nav_item("certificates.mine", _l("My certificates"), roles=("learner",), order=40, icon="award")
nav_item("certificates.manage", _l("Certificates"), roles=("hr",), order=60, icon="patch-check")
learning_progress.connect(lifecycle.on_learning_progress)
course_published.connect(lifecycle.on_course_published)


def _verify_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute")


def _my_widget(user, moment):
    return {"cert_rows": queries.rows_for_holder(user, moment)[:3]}


home_widget("certificates/_home_widget.html", roles=("learner",), order=40, context=_my_widget)


@bp.app_template_global()
def cert_needed(evaluation) -> list[tuple]:
    """(item, title, url) for each missing requirement of a course's certificate: the quiz's and
    scenarios' titles in the user's language with a link to them, or the id when not published."""
    rows = []
    for need in services.needed(evaluation):
        title = localized(need.title) if need.title else need.item.key
        rows.append((need.item, title, _needed_url(need, evaluation.course_slug)))
    return rows


def _needed_url(need, course_slug: str) -> str | None:
    if need.title is None:
        return None
    try:
        if need.item.kind == "quiz":
            return url_for("quizzes.quiz", slug=need.item.key)
        if need.item.kind == "scenario":
            return url_for("scenarios.intro", course=course_slug, slug=need.item.key)
    except BuildError:  # that domain's pages are not installed
        return None
    return None


def _certificate_or_404(cert_id: int) -> Certificate:
    cert = db.session.get(Certificate, cert_id)
    if cert is None or not can_view_person(current_user, cert.user):
        abort(404)
    return cert


@bp.get("/")
@login_required
def mine():
    rows = queries.rows_for_holder(current_user, now())
    return render_template("certificates/mine.html", rows=rows)


@bp.get("/<int:cert_id>/pdf")
@login_required
def download(cert_id: int):
    """The PDF: the holder their own (unless revoked), HR any; HR downloads are audited."""
    cert = _certificate_or_404(cert_id)
    is_holder = cert.user_id == current_user.id
    if is_holder and cert.revoked_at is not None and not can_manage_people(current_user):
        abort(404)
    data = documents.pdf_bytes(cert)
    if not is_holder:
        record(current_user, "certificate.downloaded", f"certificate:{cert.serial}", {"user": cert.employee_no}, now())
        db.session.commit()
    disposition = f'attachment; filename="{documents.download_name(cert)}"'
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": disposition})


@bp.get("/<int:cert_id>/badge.jwt")
@login_required
def badge(cert_id: int):
    """The Open Badges 3.0 credential as a signed VC-JWT, for the holder's wallet."""
    cert = _certificate_or_404(cert_id)
    disposition = f'attachment; filename="{cert.serial}.jwt"'
    return Response(
        documents.badge_token(cert), mimetype="application/vc+jwt", headers={"Content-Disposition": disposition}
    )


@bp.get("/issuer.json")
def issuer():
    return jsonify(documents.issuer_profile())


@bp.get("/status/<code>.json")
@limiter.limit(_verify_limit)
def status_json(code: str):
    """Revocation status named in a badge's credentialStatus; unknown codes get 404 and nothing else."""
    cert = find_by_code(code)
    if cert is None or not services.intact(cert):
        return jsonify({"error": "unknown"}), 404
    return jsonify(documents.revocation_status(cert, now()))


@bp.get("/badge/<code>")
def badge_landing(code: str):
    """A badge's id URL: people who open it land on the verification page."""
    return redirect(url_for("certificates.verify", code=code))


@bp.get("/<int:cert_id>")
@login_required
def detail(cert_id: int):
    cert = _certificate_or_404(cert_id)
    if cert.user_id != current_user.id:  # someone else's personal data: who looked is recorded
        record(current_user, "certificate.viewed", f"certificate:{cert.serial}", {"user": cert.employee_no}, now())
        db.session.commit()
    return render_template(
        "certificates/detail.html",
        cert=cert,
        status=services.status_of(cert, now()),
        labels=STATUS_LABELS,
        intact=services.intact(cert),
        chain=queries.chain(cert),
        revoke_form=RevokeForm(),
        reissue_form=ReissueForm(),
        verify_url=documents.verify_url(cert),
    )


@bp.get("/manage")
@role_required("hr")
def manage():
    form = FilterForm(request.args)
    queries.fill_choices(form)
    form.validate()
    page = queries.search(form.data, now(), page=request.args.get("page", 1, type=int))
    bulk = BulkForm(department=form.department.data, course=form.course.data)
    queries.fill_choices(bulk)
    return render_template("certificates/manage.html", form=form, page=page, bulk_form=bulk, now=now())


@bp.post("/<int:cert_id>/revoke")
@role_required("hr")
def revoke(cert_id: int):
    cert = _certificate_or_404(cert_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Give a reason of at least 4 characters."), "danger")
        return redirect(url_for("certificates.detail", cert_id=cert.id))
    try:
        services.revoke(cert, current_user, form.reason.data, now())
    except services.CertificateError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("certificates.detail", cert_id=cert.id))
    db.session.commit()
    flash(_("Certificate %(serial)s was revoked.", serial=cert.serial), "success")
    return redirect(url_for("certificates.detail", cert_id=cert.id))


@bp.post("/<int:cert_id>/reissue")
@role_required("hr")
def reissue(cert_id: int):
    cert = _certificate_or_404(cert_id)
    form = ReissueForm()
    if not form.validate_on_submit():
        flash(_("Give a reason of at least 4 characters."), "danger")
        return redirect(url_for("certificates.detail", cert_id=cert.id))
    try:
        new = services.reissue(cert, current_user, form.reason.data, now())
    except services.CertificateError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("certificates.detail", cert_id=cert.id))
    db.session.commit()
    flash(_("Certificate re-issued as %(serial)s.", serial=new.serial), "success")
    return redirect(url_for("certificates.detail", cert_id=new.id))


@bp.post("/bulk")
@role_required("hr")
def bulk():
    """Start a ZIP of the selected certificates' PDFs (department and/or course) on the task queue."""
    form = BulkForm()
    queries.fill_choices(form)
    if not form.validate_on_submit():
        abort(400)
    if not queries.for_bundle(form.department.data, form.course.data):
        flash(_("No certificates match this selection."), "warning")
        return redirect(url_for("certificates.manage"))
    job = BundleJob(
        requested_by_id=current_user.id,
        department_id=form.department.data or None,
        course_slug=form.course.data or None,
        created_at=now(),
    )
    db.session.add(job)
    db.session.commit()
    tasks.enqueue_bundle(job.id)
    return redirect(url_for("certificates.bundle_page", job_id=job.id))


def _own_job(job_id: int) -> BundleJob:
    return own_job(BundleJob, job_id, current_user)


@bp.get("/bulk/<int:job_id>")
@role_required("hr")
def bundle_page(job_id: int):
    return render_template("certificates/bundle.html", job=_own_job(job_id))


@bp.get("/bulk/<int:job_id>/status")
@role_required("hr")
def bundle_status(job_id: int):
    job = _own_job(job_id)
    db.session.refresh(job)
    download = url_for("certificates.bundle_download", job_id=job.id) if job.status == "done" else None
    return jsonify(
        status=job.status,
        percent=job.percent,
        progress=job.progress,
        total=job.total,
        download=download,
        error=job.error if job.status == "failed" else None,
    )


@bp.get("/bulk/<int:job_id>/download")
@role_required("hr")
def bundle_download(job_id: int):
    job = _own_job(job_id)
    if job.status != "done" or job.content is None:
        abort(404)
    disposition = f'attachment; filename="{job.filename}"'
    return Response(job.content, mimetype="application/zip", headers={"Content-Disposition": disposition})


@limiter.limit(_verify_limit)
def verify(code: str | None = None):
    """Public: is this certificate genuine, and is it valid, expired or revoked? Minimum personal data."""
    form = VerifyForm(request.args)
    typed = (request.args.get("code") or "").strip()
    if code is None and typed:  # the form on /verify: go to the code's own page (the URL in the QR code)
        return redirect(url_for("certificates.verify", code=typed))
    result = verify_code(code, now()) if code else None
    status = 404 if result is not None and not result.genuine else 200
    label = STATUS_LABELS.get(result.status) if result is not None and result.genuine else None
    return render_template("certificates/verify.html", form=form, result=result, status_label=label), status


@bp.record_once
def _public_routes(state) -> None:
    """/verify lives at the site root (it is printed in every QR code), outside the /certificates prefix;
    the bulk ZIP task joins the app's task queue here, so web processes and the worker both know it."""
    state.app.add_url_rule("/verify", "certificates.verify", verify, methods=["GET"])
    state.app.add_url_rule("/verify/<code>", "certificates.verify", verify, methods=["GET"])
    tasks.register(state.app)
