"""Account administration use cases; every change is written to the audit log."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from elearn.audit import services as audit
from elearn.auth import services as accounts
from elearn.auth.models import ROLES, User


def search_users(query: str | None, role: str | None):
    """A select() of users matching a name, username or employee number fragment, and a role."""
    stmt = select(User).order_by(User.active.desc(), User.employee_no)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.username).like(like), func.lower(User.employee_no).like(like),
                              User.display_name.like(f"%{query.strip()}%")))
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    return stmt


def create_account(actor: User, fields: dict, now: datetime) -> User:
    """Create an account with an initial password; raises AccountError if taken or the password is weak."""
    accounts.check_password_rules(fields["password"])
    user = accounts.create_user(now=now, **fields)
    audit.record(actor, "admin.user_create", f"user:{user.id}", {"role": user.role}, now)
    return user


def change_role(actor: User, user: User, role: str, now: datetime) -> None:
    """Give a user another role. Admins cannot take away their own admin role (someone must remain)."""
    if role not in ROLES:
        raise accounts.AccountError(_l("Unknown role."))
    if user.id == actor.id and role != "admin":
        raise accounts.AccountError(_l("You cannot remove your own administrator role."))
    old = user.role
    user.role = role
    user.session_version += 1
    audit.record(actor, "admin.role_change", f"user:{user.id}", {"from": old, "to": role}, now)


def set_active(actor: User, user: User, active: bool, now: datetime) -> None:
    """Activate or deactivate an account (never delete: records stay for audits)."""
    if user.id == actor.id and not active:
        raise accounts.AccountError(_l("You cannot deactivate your own account."))
    user.active = active
    user.session_version += 1
    audit.record(actor, "admin.user_activate" if active else "admin.user_deactivate", f"user:{user.id}", {}, now)


def reset_password(actor: User, user: User, password: str, now: datetime) -> None:
    """Set a new password for a user and end their sessions."""
    accounts.check_password_rules(password)
    user.password_hash = accounts.hash_password(password)
    user.session_version += 1
    user.failed_logins, user.locked_until = 0, None
    audit.record(actor, "admin.password_reset", f"user:{user.id}", {}, now)
