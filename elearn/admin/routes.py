"""Admin pages: the account list, creating accounts, roles, activation and password resets."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from elearn.admin import services
from elearn.admin.forms import PasswordResetForm, RoleForm, SearchForm, UserForm
from elearn.auth.models import User
from elearn.auth.permissions import role_required
from elearn.auth.services import AccountError
from elearn.core.clock import now
from elearn.extensions import db
from elearn.main.registry import nav_item

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
nav_item("admin.users", _l("Administration"), roles=("admin",), order=90, icon="sliders")


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/users")
@role_required("admin")
def users():
    form = SearchForm(request.args)
    stmt = services.search_users(form.q.data, form.role.data)
    page = db.paginate(stmt, per_page=25, error_out=False)
    return render_template("admin/users.html", page=page, form=form, create_form=UserForm())


@bp.post("/users")
@role_required("admin")
def create_user():
    form = UserForm()
    if not form.validate_on_submit():
        page = db.paginate(services.search_users(None, None), per_page=25, error_out=False)
        return render_template("admin/users.html", page=page, form=SearchForm(), create_form=form), 400
    fields = {k: form[k].data for k in ("username", "employee_no", "display_name", "role", "password")}
    fields["email"] = form.email.data or None
    try:
        user = services.create_account(current_user, fields, now())
    except AccountError as exc:
        flash(_("Account not created: %(reason)s", reason=str(exc)), "danger")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(_("Account %(username)s created.", username=user.username), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.get("/users/<int:user_id>")
@role_required("admin")
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    return render_template("admin/user.html", user=user, role_form=RoleForm(role=user.role),
                           password_form=PasswordResetForm())


def _apply(user_id: int, change, success: str):
    user = _user_or_404(user_id)
    try:
        change(user)
    except AccountError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    return _apply(user_id, lambda u: services.change_role(current_user, u, form.role.data, now()), _("Role changed."))


@bp.post("/users/<int:user_id>/active")
@role_required("admin")
def toggle_active(user_id: int):
    active = request.form.get("active") == "1"
    message = _("Account activated.") if active else _("Account deactivated.")
    return _apply(user_id, lambda u: services.set_active(current_user, u, active, now()), message)


@bp.post("/users/<int:user_id>/password")
@role_required("admin")
def reset_password(user_id: int):
    form = PasswordResetForm()
    if not form.validate_on_submit():
        flash(_("The password must have at least 10 characters."), "danger")
        return redirect(url_for("admin.user_detail", user_id=user_id))
    return _apply(user_id, lambda u: services.reset_password(current_user, u, form.password.data, now()),
                  _("Password set. The user's sessions have been signed out."))
