"""Courses, their immutable published versions, lessons, media, the glossary, drafts and progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from elearn.core.clock import now
from elearn.extensions import db


class LawReference(db.Model):
    """One citable law in the glossary (`courses/_references/*.yml`), upserted on every load."""

    __tablename__ = "law_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref_id: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Course(db.Model):
    """A course by slug; what learners see is its current (latest published) version."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", use_alter=True, name="fk_courses_current_version_id_course_versions")
    )
    created_at: Mapped[datetime] = mapped_column(default=now)

    current_version: Mapped[CourseVersion | None] = relationship(foreign_keys=[current_version_id], post_update=True)
    versions: Mapped[list[CourseVersion]] = relationship(
        back_populates="course", foreign_keys="CourseVersion.course_id", order_by="CourseVersion.version"
    )


class CourseVersion(db.Model):
    """An immutable published version: metadata plus rendered lessons; never changed or deleted."""

    __tablename__ = "course_versions"
    __table_args__ = (UniqueConstraint("course_id", "version", name="uq_course_versions_course_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    summary: Mapped[dict[str, str]] = mapped_column(JSON)
    audience: Mapped[dict[str, str]] = mapped_column(JSON)
    category: Mapped[str] = mapped_column(String(40), index=True)
    estimated_minutes: Mapped[int] = mapped_column(default=0)
    prerequisites: Mapped[list[str]] = mapped_column(JSON)
    certification: Mapped[dict[str, Any]] = mapped_column(JSON)
    recertify_on_new_version: Mapped[bool] = mapped_column(default=False)
    change_note: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(20), default="files")  # files | editor
    published_at: Mapped[datetime] = mapped_column(default=now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    course: Mapped[Course] = relationship(back_populates="versions", foreign_keys=[course_id])
    lessons: Mapped[list[Lesson]] = relationship(back_populates="course_version", order_by="Lesson.position")

    @property
    def slug(self) -> str:
        return self.course.slug

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons) or self.estimated_minutes


class Lesson(db.Model):
    """One lesson of one course version, with its Markdown and the HTML rendered at publish."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_version_id", "slug", name="uq_lessons_course_version_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    minutes: Mapped[int] = mapped_column(default=10)
    objectives: Mapped[list[str]] = mapped_column(JSON)
    body_md: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    body_html: Mapped[str] = mapped_column(Text)
    toc: Mapped[list[list[Any]]] = mapped_column(JSON)
    plain_text: Mapped[str] = deferred(mapped_column(Text, nullable=False))

    course_version: Mapped[CourseVersion] = relationship(back_populates="lessons")

    @property
    def filename(self) -> str:
        return f"{self.slug}.md"


class CourseMedia(db.Model):
    """An image of a course version (stored in the database so every host can serve it)."""

    __tablename__ = "course_media"
    __table_args__ = (UniqueConstraint("course_version_id", "name", name="uq_course_media_course_version_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    course_version: Mapped[CourseVersion] = relationship()


class CourseDraft(db.Model):
    """A trainer's work in progress in the browser editor: the course as plain data, until published."""

    __tablename__ = "course_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    media: Mapped[list[DraftMedia]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftMedia.name"
    )


class DraftMedia(db.Model):
    """An image uploaded into a draft (type and size checked on upload)."""

    __tablename__ = "draft_media"
    __table_args__ = (UniqueConstraint("draft_id", "name", name="uq_draft_media_draft_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("course_drafts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    draft: Mapped[CourseDraft] = relationship(back_populates="media")


class LessonProgress(db.Model):
    """A learner on a lesson of a given version: time on page (bounded), last visit, completion."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    course_version_id: Mapped[int] = mapped_column(ForeignKey("course_versions.id"), index=True)
    started_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    seconds_spent: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None]

    lesson: Mapped[Lesson] = relationship()
