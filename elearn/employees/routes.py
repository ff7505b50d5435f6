"""Employees pages: directory, departments, employee record, HR import, assignments."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from wtforms import SelectChoice

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.auth.permissions import can_view_person, role_required
from elearn.core.clock import now
from elearn.core.i18n import localized
from elearn.core.jobs import job_percent
from elearn.employees import assigning, services
from elearn.employees import tasks as _tasks  # noqa: F401 - registers the employees.import task
from elearn.employees.forms import ApplyForm, DeactivateRuleForm, ImportForm, ManualAssignForm, RuleForm
from elearn.employees.models import Assignment, AssignmentRule, ImportBatch
from elearn.extensions import db
from elearn.main.registry import home_widget, nav_item
from elearn.reports.tasks import enqueue

bp = Blueprint("employees", __name__, url_prefix="/employees", template_folder="templates")

PER_PAGE = 50


def _my_assignments_context(user, moment):
    """The learner's required courses, and the reminders the e-mails also send (due soon, overdue, expiring)."""
    from elearn.reports.queries import my_status_rows
    from elearn.reports.status import due_window

    rows = my_status_rows(user, moment)
    alerts = [("overdue", r) for r in rows if r.cell.status == "overdue"]
    alerts += [("expiring", r) for r in rows if r.cell.status == "expiring"]
    alerts += [("due_soon", r) for r in rows if due_window(r.cell.status, r.cell.due_at, moment, 7)]
    leads = db.session.scalar(select(User.id).where(User.manager_id == user.id, User.active).limit(1)) is not None
    return {"rows": rows, "alerts": alerts, "leads_team": leads}


nav_item("employees.directory", _l("Employees"), roles=("hr",), order=60, icon="people")
home_widget("employees/_home_widget.html", roles=("learner", "trainer", "hr"), order=5,
            context=_my_assignments_context)


@bp.get("/")
@role_required("hr")
def directory():
    flt = services.DirectoryFilter(
        q=request.args.get("q", "").strip()[:50], department_id=request.args.get("department", type=int),
        position=request.args.get("position", "").strip(), status=request.args.get("status", "active"),
    )
    page = db.paginate(services.directory_query(flt), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template(
        "employees/directory.html", page=page, flt=flt, tree=services.department_tree(),
        paths=services.department_paths(), positions=services.positions(),
        args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.get("/departments")
@role_required("hr")
def departments():
    counts = dict(db.session.execute(
        select(User.department_id, func.count()).where(User.active).group_by(User.department_id)).all())
    return render_template("employees/departments.html", tree=services.department_tree(), counts=counts)


@bp.get("/<int:user_id>")
@login_required
def person(user_id: int):
    user = db.get_or_404(User, user_id)
    if not can_view_person(current_user, user):
        abort(403)
    if user.id != current_user.id:
        record(current_user, "employees.view", f"user:{user.id}", {"employee_no": user.employee_no}, now())
        db.session.commit()
    from elearn.reports.queries import my_status_rows

    return render_template("employees/person.html", person=user, rows=my_status_rows(user, now()),
                           path=services.department_paths().get(user.department_id, ()))


# --- import -----------------------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@role_required("hr")
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            plan = services.preview_import(data, upload.filename or "upload.csv", form.deactivate_missing.data)
        except ValueError as exc:
            flash(_(str(exc)), "danger")
            return render_template("employees/import.html", form=form)
        batch = services.store_batch(data, upload.filename or "upload.csv", form.deactivate_missing.data,
                                     current_user, now())
        batch.summary = services.plan_as_json(plan)
        db.session.commit()
        return _preview(plan, batch, ApplyForm())
    return render_template("employees/import.html", form=form)


def _preview(plan, batch, apply_form):
    problems = [(p.row, p.column, p.text(_)) for p in plan.problems]
    return render_template("employees/preview.html", plan=plan, batch=batch, apply_form=apply_form, problems=problems)


@bp.post("/import/<int:batch_id>/apply")
@role_required("hr")
def import_apply(batch_id: int):
    batch = db.get_or_404(ImportBatch, batch_id)
    if batch.applied_at is not None or batch.status != "previewed":
        flash(_("This file has already been applied."), "warning")
        return redirect(url_for("employees.directory"))
    if not ApplyForm().validate_on_submit():
        abort(400)
    if batch.changes > current_app.config.get("IMPORT_INLINE_LIMIT", 2000):
        batch.status = "queued"
        db.session.commit()
        enqueue("employees.import", batch.id, current_user.id)
        return redirect(url_for("employees.import_status_page", batch_id=batch.id))
    moment = now()
    try:
        plan = services.apply_import(batch.data, batch.filename, current_user, moment, batch.deactivate_missing)
    except services.ImportRejected as exc:
        db.session.rollback()
        flash(_("Nothing was applied: the file has errors."), "danger")
        return _preview(exc.plan, batch, None)
    batch.applied_at, batch.status = moment, "applied"
    assigning.apply_rules(moment, actor=current_user)
    db.session.commit()
    s = plan.summary()
    flash(_("Import applied: %(c)d created, %(u)d updated, %(d)d deactivated.", c=s["creates"], u=s["updates"],
            d=s["deactivations"]), "success")
    return redirect(url_for("employees.directory"))


@bp.get("/import/<int:batch_id>")
@role_required("hr")
def import_status_page(batch_id: int):
    batch = db.get_or_404(ImportBatch, batch_id)
    rows, total = _import_progress(batch)
    return render_template("employees/import_status.html", batch=batch, rows=rows, total=total,
                           percent=job_percent(batch.status == "applied", rows, total))


@bp.get("/import/<int:batch_id>/status")
@role_required("hr")
def import_status(batch_id: int):
    """The same JSON shape as export jobs, so static/js/jobs.js drives every progress bar."""
    batch = db.get_or_404(ImportBatch, batch_id)
    done = batch.status == "applied"
    rows, total = _import_progress(batch)
    return jsonify(status="done" if done else batch.status, percent=job_percent(done, rows, total), progress=rows,
                   total=total, download=url_for("employees.directory") if done else None, error=batch.error)


def _import_progress(batch: ImportBatch) -> tuple[int, int]:
    """Rows applied so far and in all, as the worker publishes them (the apply is one transaction)."""
    from elearn.reports.tasks import read_progress

    return read_progress(f"import:{batch.id}") or (0, batch.changes)


# --- assignments ------------------------------------------------------------------------------


def _course_choices():
    return [SelectChoice(slug, f"{localized(title)} ({slug})") for slug, title in assigning.course_options()]


def _department_choices():
    return [
        SelectChoice(node.department.id, "\u3000" * node.depth + node.department.name)
        for node in services.department_tree()
    ]


@bp.route("/assignments", methods=["GET", "POST"])
@role_required("hr")
def assignments():
    form = RuleForm(prefix="rule")
    manual = ManualAssignForm(prefix="manual")
    form.course_slug.choices = manual.course_slug.choices = _course_choices()
    form.department_id.choices = [SelectChoice(0, "—")] + _department_choices()
    if form.submit.data and form.validate_on_submit():
        try:
            assigning.create_rule(current_user, now(), course_slug=form.course_slug.data, kind=form.kind.data,
                                  due_days=form.due_days.data or 0, department_id=form.department_id.data or None,
                                  position=form.position.data or "", new_hire_days=form.new_hire_days.data or 0)
        except assigning.AssignmentError:
            db.session.rollback()
            flash(_("Choose the department, position or number of days this rule needs."), "danger")
        else:
            db.session.commit()
            flash(_("Rule created and applied."), "success")
            return redirect(url_for("employees.assignments"))
    return _assignments_page(form, manual)


def _assignments_page(form, manual):
    rules = db.session.scalars(select(AssignmentRule).order_by(AssignmentRule.active.desc(), AssignmentRule.id)).all()
    counts = dict(db.session.execute(
        select(Assignment.rule_id, func.count()).where(Assignment.active).group_by(Assignment.rule_id)).all())
    titles = dict(assigning.course_options())
    return render_template("employees/assignments.html", form=form, manual=manual, rules=rules, counts=counts,
                           titles=titles, stop_form=DeactivateRuleForm())


@bp.post("/assignments/manual")
@role_required("hr")
def assign_manual():
    form = RuleForm(prefix="rule", formdata=None)
    manual = ManualAssignForm(prefix="manual")
    form.course_slug.choices = manual.course_slug.choices = _course_choices()
    form.department_id.choices = [SelectChoice(0, "—")] + _department_choices()
    if not manual.validate_on_submit():
        return _assignments_page(form, manual)
    numbers = [n for n in re.split(r"[\s,，;；]+", manual.employee_nos.data) if n]
    users = db.session.scalars(select(User).where(User.employee_no.in_(numbers), User.active)).all()
    missing = sorted(set(numbers) - {u.employee_no for u in users})
    if missing:
        manual.employee_nos.errors = [_("Unknown or inactive employee numbers: %(nos)s", nos=", ".join(missing))]
        return _assignments_page(form, manual)
    assigning.assign_manual(current_user, users, manual.course_slug.data, manual.due.data, now())
    db.session.commit()
    flash(_("%(n)d employees assigned.", n=len(users)), "success")
    return redirect(url_for("employees.assignments"))


@bp.post("/assignments/rules/<int:rule_id>/stop")
@role_required("hr")
def stop_rule(rule_id: int):
    rule = db.get_or_404(AssignmentRule, rule_id)
    if DeactivateRuleForm().validate_on_submit():
        assigning.deactivate_rule(current_user, rule, now())
        db.session.commit()
        flash(_("Rule stopped; existing assignments stay."), "info")
    return redirect(url_for("employees.assignments"))
