"""Account use cases: create users, check passwords, change passwords and language."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select

from elearn.auth.models import ROLES, Department, User
from elearn.extensions import db


class AccountError(ValueError):
    """A request about an account that cannot be honoured; the message is shown to the user."""


class AccountLocked(AccountError):
    """Too many wrong passwords in a row: the account is locked until `until` (naive UTC)."""

    def __init__(self, until: datetime):
        super().__init__(_l("Too many wrong passwords: the account is locked for a while."))
        self.until = until


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"],
                          parallelism=cfg["ARGON2_PARALLELISM"])


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


def authenticate(username: str, password: str, now: datetime) -> User | None:
    """The active user whose password matches, or None. Runs a hash even for unknown names (timing).

    After LOCKOUT_THRESHOLD wrong passwords in a row the account is locked for LOCKOUT_MINUTES and
    AccountLocked is raised, even for the right password, until the lock expires.
    """
    user = find_user(username)
    if user is None or not user.password_hash:
        _dummy_verify(password)
        return None
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(user.locked_until)
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        _count_failure(user, now)
        return None
    user.failed_logins, user.locked_until = 0, None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user if user.active else None


def _count_failure(user: User, now: datetime) -> None:
    cfg = current_app.config
    user.failed_logins += 1
    if user.failed_logins >= cfg["LOCKOUT_THRESHOLD"]:
        user.failed_logins = 0
        user.locked_until = now + timedelta(minutes=cfg["LOCKOUT_MINUTES"])
        raise AccountLocked(user.locked_until)


_DUMMY_HASHES: dict[tuple, str] = {}


def _dummy_verify(password: str) -> None:
    """Spend the same time as a real check, so unknown usernames cannot be told apart by timing."""
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash("not-the-password-0")
    with contextlib.suppress(VerificationError):
        hasher.verify(_DUMMY_HASHES[key], password)


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
    if authenticate(user.username, current, now) is None:
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


# Built once: Session.get builds and hashes a new SELECT on each call, a quarter of the cost of the
# query every signed-in request makes.
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: `id:session_version`, so a password change ends older sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.execute(_USER_BY_ID, {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or user.session_version != int(version):
        return None
    return user
