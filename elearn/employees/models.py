"""Assignment rules, assignments and uploaded import files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from elearn.auth.models import Department, User
from elearn.extensions import db

SOURCES = ("rule", "manual", "recertification")


class AssignmentRule(db.Model):
    """Assign a course to everyone, a department subtree, a position or new hires, due N days later."""

    __tablename__ = "assignment_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # everyone | department | position | new_hires
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    position: Mapped[str | None] = mapped_column(String(100))
    new_hire_days: Mapped[int] = mapped_column(default=0)
    due_days: Mapped[int] = mapped_column(default=30)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    department: Mapped[Department | None] = relationship()


class Assignment(db.Model):
    """One employee must complete one course by ``due_at``; one open row per (employee, course)."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("user_id", "course_slug", name="uq_assignments_user_course"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_slug: Mapped[str] = mapped_column(String(80), index=True)
    source: Mapped[str] = mapped_column(String(20))  # rule | manual | recertification
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("assignment_rules.id"))
    assigned_at: Mapped[datetime]
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    rule: Mapped[AssignmentRule | None] = relationship()


class ImportBatch(db.Model):
    """An uploaded HR file: kept so that "apply" uses exactly the bytes that were previewed."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    deactivate_missing: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
    summary: Mapped[str] = mapped_column(Text, default="{}")
    # previewed | queued | running | applied | failed
    status: Mapped[str] = mapped_column(String(12), default="previewed", server_default="previewed")
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def changes(self) -> int:
        """How many employees an apply would touch (from the preview's summary)."""
        import json

        s = json.loads(self.summary or "{}")
        return s.get("creates", 0) + s.get("updates", 0) + s.get("deactivations", 0)
