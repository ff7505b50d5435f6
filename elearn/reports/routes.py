"""Reports pages: compliance matrix, exports and their jobs, dashboard, transcripts, API clients."""

from __future__ import annotations

import json
from dataclasses import replace

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.auth.permissions import can_view_learning_record, role_required
from elearn.core.clock import now
from elearn.core.jobs import own_job
from elearn.employees import services as employees
from elearn.extensions import db
from elearn.main.registry import nav_item
from elearn.reports import dashboard, exports, queries, services, tasks, transcript
from elearn.reports.api import api
from elearn.reports.forms import ClientForm, RevokeForm
from elearn.reports.models import ExportJob
from elearn.reports.status import STATUSES

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
bp.register_blueprint(api)

nav_item("reports.matrix", _l("Compliance"), roles=("hr",), order=70, icon="grid-3x3-gap")

PER_PAGE = 50
DIRECT_EXPORTS = ("csv",)


def _filter_args() -> dict:
    return {k: v for k, v in request.args.items() if k not in ("page", "format") and v}


@bp.get("/")
@role_required("hr")
def matrix():
    flt = queries.MatrixFilter.from_mapping(request.args)
    all_courses = queries.required_courses(queries.MatrixFilter())
    page = queries.matrix_page(flt, now(), request.args.get("page", 1, type=int), PER_PAGE)
    record(current_user, "reports.matrix_view", "matrix", {"filters": flt.as_dict(), "page": page.page}, now())
    db.session.commit()
    return render_template(
        "reports/matrix.html", page=page, flt=flt, titles=queries.course_titles(), statuses=STATUSES,
        tree=employees.department_tree(), positions=employees.positions(),
        all_courses=all_courses, args=_filter_args(), pdf_limit=exports.pdf_limit(),
    )


@bp.get("/team")
@login_required
def team():
    """A team lead's matrix: the people who report to them, directly or through other leads."""
    members = queries.reports_of(current_user.id)
    if not members:
        abort(403)
    flt = replace(queries.MatrixFilter.from_mapping(request.args), department_id=None, position="", people=members)
    page = queries.matrix_page(flt, now(), request.args.get("page", 1, type=int), PER_PAGE)
    record(current_user, "reports.team_view", "team", {"filters": flt.as_dict(), "page": page.page}, now())
    db.session.commit()
    courses = queries.required_courses(queries.MatrixFilter())  # every assigned course, as on HR's matrix
    return render_template("reports/team.html", page=page, flt=flt, members=len(members), statuses=STATUSES,
                           titles=queries.course_titles(), all_courses=courses, args=_filter_args())


@bp.get("/team/<int:user_id>", endpoint="team_member")
@login_required
def team_member(user_id: int):
    """One report's required courses, for their team lead (audited like any view of another's record)."""
    if user_id not in queries.reports_of(current_user.id):
        abort(404)
    person = db.get_or_404(User, user_id)
    record(current_user, "reports.team_member_view", f"user:{person.id}", {"employee_no": person.employee_no}, now())
    db.session.commit()
    return render_template("reports/team_member.html", person=person, rows=queries.my_status_rows(person, now()))


@bp.get("/export")
@role_required("hr")
def export():
    fmt = request.args.get("format", "csv")
    if fmt not in exports.FORMATS:
        abort(404)
    flt = queries.MatrixFilter.from_mapping(request.args)
    if fmt in DIRECT_EXPORTS:
        result = exports.export_matrix(fmt, flt, current_user, now(), str(get_locale()))
        db.session.commit()
        return Response(result.data, mimetype=result.mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'})
    if fmt == "pdf" and queries.matrix_count(flt, now()) > exports.pdf_limit():
        flash(exports.too_many_rows(exports.pdf_limit()), "warning")
        return redirect(url_for("reports.matrix", **_filter_args()))
    job = ExportJob(kind=fmt, params=json.dumps({"filters": flt.as_dict(), "locale": str(get_locale())}),
                    requested_by_id=current_user.id, created_at=now())
    db.session.add(job)
    db.session.commit()
    tasks.enqueue_export(job.id)
    return redirect(url_for("reports.job", job_id=job.id))


def _own_job(job_id: int) -> ExportJob:
    return own_job(ExportJob, job_id, current_user)


@bp.get("/jobs/<int:job_id>")
@role_required("hr")
def job(job_id: int):
    return render_template("reports/job.html", job=_own_job(job_id))


@bp.get("/jobs/<int:job_id>/status")
@role_required("hr")
def job_status(job_id: int):
    job = _own_job(job_id)
    db.session.refresh(job)
    return jsonify(status=job.status, percent=job.percent, progress=job.progress, total=job.total,
                   download=url_for("reports.job_download", job_id=job.id) if job.status == "done" else None,
                   error=job.error if job.status == "failed" else None)


@bp.get("/jobs/<int:job_id>/download")
@role_required("hr")
def job_download(job_id: int):
    job = _own_job(job_id)
    if job.status != "done" or job.content is None:
        abort(404)  # also once the file has been purged (after 7 days)
    mimetype = exports.FORMATS[job.kind][0]
    return Response(job.content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{job.filename}"'})


@bp.get("/dashboard", endpoint="dashboard")
@role_required("hr")
def dashboard_page():
    return render_template("reports/dashboard.html", d=dashboard.cached(now(), str(get_locale())))



def _viewable(user_id: int) -> User:
    person = db.get_or_404(User, user_id)
    if not can_view_learning_record(current_user, person):
        abort(403)
    return person


@bp.get("/transcript/<int:user_id>", endpoint="transcript")
@login_required
def transcript_page(user_id: int):
    person = _viewable(user_id)
    data = transcript.build(person, now())
    if person.id != current_user.id:
        record(current_user, "reports.transcript_view", f"user:{person.id}", {"employee_no": person.employee_no},
               now())
        db.session.commit()
    return render_template("reports/transcript.html", person=person, t=data)



@bp.get("/transcript/<int:user_id>.<fmt>")
@login_required
def transcript_pdf(user_id: int, fmt: str):
    if fmt not in exports.FORMATS:
        abort(404)
    person = _viewable(user_id)
    data = transcript.pdf(person, now()) if fmt == "pdf" else transcript.table_export(person, now(), fmt)
    if person.id != current_user.id:
        record(current_user, "reports.transcript_export", f"user:{person.id}",
               {"employee_no": person.employee_no, "format": fmt}, now())
        db.session.commit()
    name = f"transcript-{person.employee_no}.{fmt}"
    return Response(data, mimetype=exports.FORMATS[fmt][0],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/xapi")
@role_required("hr")
def xapi_export():
    since = transcript.parse_since(request.args.get("since"))
    statements = transcript.xapi_statements(since)
    record(current_user, "reports.xapi_export", "statements", {"since": request.args.get("since"),
                                                               "count": len(statements)}, now())
    db.session.commit()
    body = json.dumps(statements, ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="xapi-statements.json"'})


@bp.route("/api-clients", methods=["GET", "POST"])
@role_required("admin")
def api_clients():
    form = ClientForm()
    token = None
    if form.validate_on_submit():
        client, token = services.create_client(current_user, form.name.data, now())
        db.session.commit()
        flash(_("Copy the token now: it is shown only once."), "warning")
    return render_template("reports/api_clients.html", form=form, token=token, clients=services.all_clients(),
                           revoke_form=RevokeForm())


@bp.post("/api-clients/<int:client_id>/revoke")
@role_required("admin")
def revoke_client(client_id: int):
    if RevokeForm().validate_on_submit():
        services.revoke(current_user, client_id, now())
        db.session.commit()
        flash(_("Token revoked."), "info")
    return redirect(url_for("reports.api_clients"))
