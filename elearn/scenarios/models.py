"""Scenarios, their immutable published versions, and learners' runs (calls)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.clock import now
from elearn.extensions import db

MODES = ("practice", "assessment")


class Scenario(db.Model):
    """A call scenario of a course, by ``course_slug`` and ``slug`` (the file name)."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("course_slug", "slug", name="uq_scenarios_course_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(80), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=now)

    versions: Mapped[list[ScenarioVersion]] = relationship(
        back_populates="scenario", order_by="ScenarioVersion.version"
    )

    @property
    def current_version(self) -> ScenarioVersion | None:
        return self.versions[-1] if self.versions else None


class ScenarioVersion(db.Model):
    """An immutable published version: the YAML source, the rules it was graded with, rendered feedback."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version", name="uq_scenario_versions_scenario_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    version: Mapped[int]
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    rules_source: Mapped[str] = mapped_column(Text)
    rendered: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(20), default="files")
    published_at: Mapped[datetime] = mapped_column(default=now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    scenario: Mapped[Scenario] = relationship(back_populates="versions")


class ScenarioRun(db.Model):
    """One call by one learner. The choices are the state: the engine replays them on each request.

    status: in_progress -> finished. ``steps`` keeps (node, choice, rule codes) per turn for analytics.
    ``revision`` counts changes: every UPDATE is conditional on the revision read (SQLAlchemy raises
    StaleDataError when another request changed the run first), so a double submit cannot apply twice.
    """

    __tablename__ = "scenario_runs"
    __table_args__ = (Index("ix_scenario_runs_user_scenario", "user_id", "scenario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"), index=True)
    mode: Mapped[str] = mapped_column(String(12))
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(12), default="in_progress")
    choices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    stepped_back: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]
    ending: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str | None] = mapped_column(String(30))
    passed: Mapped[bool | None]
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    violations: Mapped[list[str]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": revision}

    user = relationship("User")
    scenario: Mapped[Scenario] = relationship()
    version: Mapped[ScenarioVersion] = relationship()

    @property
    def finished(self) -> bool:
        return self.status == "finished"
