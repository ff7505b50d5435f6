"""Account use cases: create users, check passwords, change passwords and language."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from elearn.auth.models import ROLES, Department, User
from elearn.extensions import db


class AccountError(ValueError):
    """A request about an account that cannot be honoured; the message is shown to the user."""


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    """Argon2id hash of a password, with the app's cost settings."""
    return _hasher().hash(password)


def check_password_rules(password: str) -> None:
    """Raise AccountError unless the password is long enough and not all one kind of character."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise AccountError(_l("The password must have at least %(n)s characters.", n=minimum))
    if password.isdigit() or password.isalpha():
        raise AccountError(_l("The password must mix letters with digits or symbols."))


def find_user(username: str) -> User | None:
    """The user with this username or employee number (case-insensitive)."""
    key = (username or "").strip().lower()
    stmt = select(User).where((func.lower(User.username) == key) | (func.lower(User.employee_no) == key))
    return db.session.scalars(stmt).first()


def authenticate(username: str, password: str) -> User | None:
    """The active user whose password matches, or None. Runs a hash even for unknown names (timing)."""
    user = find_user(username)
    if user is None or not user.password_hash:
        _dummy_verify(password)
        return None
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user if user.active else None


def _dummy_verify(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _hasher().verify(hash_password("not-the-password-0"), password)


def create_user(
    *,
    username: str,
    display_name: str,
    role: str = "learner",
    password: str | None = None,
    employee_no: str | None = None,
    department: Department | None = None,
    position: str | None = None,
    hire_date: date | None = None,
    email: str | None = None,
    now: datetime,
) -> User:
    """Add a user; raises AccountError for an unknown role or a taken username/employee number."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    employee_no = employee_no or username
    if find_user(username) or find_user(employee_no):
        raise AccountError(f"user {username!r} or employee number {employee_no!r} already exists")
    user = User(
        username=username, employee_no=employee_no, display_name=display_name, role=role,
        department=department, position=position, hire_date=hire_date, email=email,
        created_at=now, updated_at=now,
    )
    if password is not None:
        user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str, *, now: datetime) -> None:
    """Check the current password and the rules, store the new hash and end other sessions."""
    if authenticate(user.username, current) is None:
        raise AccountError(_l("The current password is wrong."))
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.session_version += 1
    user.updated_at = now


def set_language(user: User, locale: str) -> None:
    """Remember the user's interface language."""
    if locale not in current_app.config["LANGUAGES"]:
        raise AccountError(f"unsupported language {locale!r}")
    user.locale = locale


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: `id:session_version`, so a password change ends older sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user
