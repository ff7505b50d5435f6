"""Employees (users) and departments."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.clock import now
from elearn.extensions import db

ROLES = ("learner", "trainer", "hr", "admin")
ROLE_LABELS = {"learner": _l("Learner"), "trainer": _l("Trainer"), "hr": _l("HR"), "admin": _l("Administrator")}


class Department(db.Model):
    """A node of the organisation tree: centre, department or team."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20), default="department")  # centre | department | team
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))

    parent: Mapped[Department | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Department]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class User(UserMixin, db.Model):
    """An employee who can sign in. Leavers are deactivated, never deleted."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(100))
    hire_date: Mapped[date | None]
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="learner")
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    session_version: Mapped[int] = mapped_column(default=1)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)

    department: Mapped[Department | None] = relationship()
    manager: Mapped[User | None] = relationship(remote_side=[id])

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated employees cannot sign in
        return self.active

    def get_id(self) -> str:
        """Session id that changes when the password changes, so old sessions end."""
        return f"{self.id}:{self.session_version}"

    @property
    def role_label(self):
        return ROLE_LABELS.get(self.role, self.role)

    def has_role(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username}>"
