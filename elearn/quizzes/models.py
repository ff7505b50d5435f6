"""Quizzes, their immutable published versions (settings + bank), and learners' attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.clock import now
from elearn.extensions import db
from elearn.quizzes.bank import QuizSpec, spec_from_dict


class Quiz(db.Model):
    """A quiz by slug; learners take its latest published version."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    course_slug: Mapped[str] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)

    versions: Mapped[list[QuizVersion]] = relationship(back_populates="quiz", order_by="QuizVersion.version")


class QuizVersion(db.Model):
    """An immutable published version: the whole spec as JSON plus its HTML rendered once at publish."""

    __tablename__ = "quiz_versions"
    __table_args__ = (UniqueConstraint("quiz_id", "version", name="uq_quiz_versions_quiz_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"), index=True)
    version: Mapped[int]
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    rendered: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="files")
    published_at: Mapped[datetime] = mapped_column(default=now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    quiz: Mapped[Quiz] = relationship(back_populates="versions")

    def to_spec(self) -> QuizSpec:
        """The pure QuizSpec the grading engine works on.

        Published versions never change, so the parsed spec is cached per process by (id, fingerprint).
        """
        key = (self.id, self.fingerprint)
        spec = _SPECS.get(key)
        if spec is None:
            if len(_SPECS) >= 256:
                _SPECS.clear()
            spec = _SPECS[key] = spec_from_dict(self.spec)
        return spec


_SPECS: dict[tuple[int, str], QuizSpec] = {}


class QuizAttempt(db.Model):
    """One attempt: the drawn layout, autosaved responses, then marks once graded.

    status: in_progress -> awaiting_grading (an essay waits for a trainer) -> graded.
    """

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "number", name="uq_quiz_attempts_user_quiz_number"),
        Index("ix_quiz_attempts_quiz_status", "quiz_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_versions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_at: Mapped[datetime]
    deadline: Mapped[datetime | None]
    saved_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    graded_at: Mapped[datetime | None]
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    responses: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    manual: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    marks: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percent: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None]
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    quiz: Mapped[Quiz] = relationship()
    quiz_version: Mapped[QuizVersion] = relationship()
    user = relationship("User", foreign_keys=[user_id])

    @property
    def finished(self) -> bool:
        return self.status != "in_progress"
