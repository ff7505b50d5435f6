"""Sign in, sign out, account settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from elearn.audit import services as audit
from elearn.auth import services
from elearn.auth.forms import LanguageForm, LoginForm, PasswordForm
from elearn.core.clock import now
from elearn.extensions import db, limiter
from elearn.templating import localdt

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after sign-in; anything else goes home."""
    if not target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("main.home")
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        moment = now()
        try:
            user = services.authenticate(form.username.data, form.password.data, moment)
        except services.AccountLocked as locked:
            db.session.commit()  # keep the lock and the failure count
            flash(_("Too many wrong passwords. The account is locked until %(time)s; try again then, or ask "
                    "an administrator to reset the password.", time=localdt(locked.until, "HH:mm")), "danger")
            return render_template("auth/login.html", form=form), 429
        db.session.commit()
        if user is None:
            flash(_("Wrong username or password, or the account is deactivated."), "danger")
        else:
            login_user(user, remember=form.remember.data)
            audit.record(user, "auth.login", f"user:{user.id}", {}, moment)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    language = LanguageForm(locale=current_user.locale or current_app.config["BABEL_DEFAULT_LOCALE"])
    return render_template("auth/account.html", password_form=PasswordForm(), language_form=language)


@bp.post("/account/password")
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.new.data, now=now())
        except services.AccountError as exc:
            flash(_("Password not changed: %(reason)s", reason=str(exc)), "danger")
        else:
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(_("Password changed. Other sessions have been signed out."), "success")
            return redirect(url_for("auth.account"))
    language = LanguageForm(locale=current_user.locale or current_app.config["BABEL_DEFAULT_LOCALE"])
    return render_template("auth/account.html", password_form=form, language_form=language), 400


@bp.post("/account/language")
@login_required
def change_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.locale.data)
        db.session.commit()
        flash(_("Language saved."), "success")
    return redirect(url_for("auth.account"))
