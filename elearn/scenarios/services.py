"""Scenario use cases: publish versions, play runs, grade, and answer other domains.

Services take the acting user and ``now``; they add and flush, and the route or CLI commits once.
A run stores only its choices; the pure engine replays them, so a reload resumes the call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from elearn.core.events import learning_progress
from elearn.extensions import db
from elearn.scenarios.content import ScenarioFile, parse_scenario
from elearn.scenarios.engine import ChoiceError, Grade, State, advance, grade, replay
from elearn.scenarios.loader import load_rules
from elearn.scenarios.models import MODES, Scenario, ScenarioRun, ScenarioVersion
from elearn.scenarios.rendering import is_current, render_version
from elearn.scenarios.schema import HANG_UP, Rule
from elearn.scenarios.schema import Scenario as ScenarioSpec

MAX_TEXT = 500
_LOADED: dict[tuple[int, str], tuple[ScenarioSpec, dict[str, Rule]]] = {}
_RERENDERED: dict[int, dict] = {}


class RunMovedOn(Exception):
    """Another request changed the run first (a double submit, a second tab); nothing was applied."""


@dataclass(frozen=True)
class Play:
    """A run as the player and debrief see it."""

    run: ScenarioRun
    spec: ScenarioSpec
    rules: dict[str, Rule]
    state: State
    grade: Grade
    rendered: dict


def fingerprint(source: str, rules_source: str) -> str:
    return hashlib.sha256((source + "\0" + rules_source).encode("utf-8")).hexdigest()


def load_version(version: ScenarioVersion) -> tuple[ScenarioSpec, dict[str, Rule]]:
    """The pure scenario and rules of a stored version (parsed once per process)."""
    key = (version.id, version.fingerprint)
    if key not in _LOADED:
        scenario = version.scenario
        file, problems = parse_scenario(version.source, f"{scenario.course_slug}/{scenario.slug}",
                                        scenario.slug, scenario.course_slug)
        rules, _ = load_rules("_rules.yml", version.rules_source)
        if file is None:
            raise ValueError(f"stored scenario version {version.id} no longer parses: {problems[:1]}")
        _LOADED[key] = (file.scenario, rules)
    return _LOADED[key]


def rendered(version: ScenarioVersion) -> dict:
    """The version's feedback and rule HTML; one stored in an older format is rendered again (per process)."""
    if is_current(version.rendered):
        return version.rendered
    if version.id not in _RERENDERED:
        spec, rules = load_version(version)
        _RERENDERED[version.id] = render_version(spec, rules)
    return _RERENDERED[version.id]


# --- publishing ------------------------------------------------------------------------------


def find(course_slug: str, slug: str) -> Scenario | None:
    return db.session.scalar(select(Scenario).where(Scenario.course_slug == course_slug, Scenario.slug == slug))


def publish_file(
    file: ScenarioFile, rules_source: str, actor, now: datetime, origin: str = "files"
) -> ScenarioVersion | None:
    """Store a new version when the scenario text or the rules changed; None when nothing changed."""
    spec = file.scenario
    row = find(spec.course, spec.id)
    if row is None:
        row = Scenario(course_slug=spec.course, slug=spec.id, created_at=now)
        db.session.add(row)
        db.session.flush()
    print_ = fingerprint(file.source, rules_source)
    current = row.current_version
    if current is not None and current.fingerprint == print_:
        return None
    rules, _ = load_rules("_rules.yml", rules_source)
    version = ScenarioVersion(
        scenario=row, version=(current.version + 1) if current else 1,
        title={"zh": spec.title.zh, "en": spec.title.en}, source=file.source, rules_source=rules_source,
        rendered=render_version(spec, rules), fingerprint=print_, origin=origin, published_at=now,
        published_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version


def publish_scenarios(files: Mapping[str, Mapping[str, ScenarioFile]], rules_source: str, actor, now) -> list[str]:
    """Publish every checked scenario file; returns one line per new version."""
    lines = []
    for course in sorted(files):
        for slug in sorted(files[course]):
            version = publish_file(files[course][slug], rules_source, actor, now)
            if version is not None:
                lines.append(f"published scenario {course}/{slug} v{version.version}")
    return lines


def published(course_slug: str | None = None) -> list[Scenario]:
    """Scenarios with at least one version, by course then slug."""
    query = select(Scenario).join(ScenarioVersion).distinct().order_by(Scenario.course_slug, Scenario.slug)
    if course_slug:
        query = query.where(Scenario.course_slug == course_slug)
    return list(db.session.scalars(query))


def export_scenarios(target) -> list[str]:
    """Write each scenario's current version (its exact source) and the newest rules under ``target``."""
    from pathlib import Path

    courses = Path(target) / "courses"
    lines, newest = [], None
    for row in published():
        version = row.current_version
        path = courses / row.course_slug / "scenarios" / f"{row.slug}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(version.source, encoding="utf-8")
        lines.append(f"wrote courses/{row.course_slug}/scenarios/{row.slug}.yml (version {version.version})")
        if newest is None or version.published_at > newest.published_at:
            newest = version
    if newest is not None:
        courses.mkdir(parents=True, exist_ok=True)
        (courses / "_rules.yml").write_text(newest.rules_source, encoding="utf-8")
        lines.append("wrote courses/_rules.yml")
    return lines


# --- playing ---------------------------------------------------------------------------------


def open_run(user, scenario: Scenario, mode: str) -> ScenarioRun | None:
    return db.session.scalar(
        select(ScenarioRun).where(ScenarioRun.user_id == user.id, ScenarioRun.scenario_id == scenario.id,
                                  ScenarioRun.mode == mode, ScenarioRun.status == "in_progress")
        .order_by(ScenarioRun.id.desc())
    )  # fmt: skip


def _next_number(user, scenario: Scenario) -> int:
    count = db.session.scalar(
        select(db.func.count(ScenarioRun.id)).where(ScenarioRun.user_id == user.id,
                                                    ScenarioRun.scenario_id == scenario.id)
    )  # fmt: skip
    return (count or 0) + 1


def start_run(user, scenario: Scenario, mode: str, now: datetime) -> ScenarioRun:
    """Resume the user's unfinished call in this mode, or place a new call on the current version."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    existing = open_run(user, scenario, mode)
    if existing is not None:
        return existing
    run = ScenarioRun(user_id=user.id, scenario=scenario, version=scenario.current_version, mode=mode,
                      number=_next_number(user, scenario), status="in_progress", choices=[], steps=[], scores={},
                      violations=[], started_at=now, updated_at=now)  # fmt: skip
    db.session.add(run)
    db.session.flush()
    _sync(run, play(run), now)
    return run


def play(run: ScenarioRun) -> Play:
    """Replay the run's choices and grade the state reached."""
    spec, rules = load_version(run.version)
    state = replay(spec, run.choices, rules.values())
    return Play(run, spec, rules, state, grade(spec, state, rules), rendered(run.version))


def clean_choice(raw_option: str | None, raw_text: str | None) -> object:
    """A choice from form fields: typed text wins when present; raises ChoiceError when empty."""
    text = (raw_text or "").strip()
    if text:
        return {"text": text[:MAX_TEXT]}
    if raw_option:
        return str(raw_option)[:80]
    raise ChoiceError("choose an option or type a reply")


def _check_revision(run: ScenarioRun, seen: int | None) -> None:
    """Refuse a form shown at another revision of the run (``None``: the caller did not say)."""
    if seen is not None and seen != run.revision:
        raise RunMovedOn(f"run {run.id} is at revision {run.revision}, the form was for {seen}")


def _save(run: ScenarioRun, result: Play, now: datetime) -> None:
    """Store a change; the UPDATE applies only if no other request changed the run since it was read."""
    run_id = run.id  # the row cannot be read again until the caller rolls back
    try:
        _sync(run, result, now)
    except StaleDataError as exc:
        raise RunMovedOn(f"run {run_id} was changed by another request") from exc


def take_turn(run: ScenarioRun, choice: object, actor, now: datetime, seen: int | None = None) -> Play:
    """Apply one choice by the run's owner.

    Raises ChoiceError if the choice is not allowed now, and RunMovedOn if the run is no longer at
    revision ``seen`` or another request changes it before this one is stored (the caller rolls back).
    """
    if run.user_id != actor.id or run.finished:
        raise ChoiceError("this call is not open for you")
    _check_revision(run, seen)
    current = play(run)
    state = advance(current.spec, current.state, choice, current.rules.values())  # validates before storing
    run.choices = [*run.choices, choice]
    run.stepped_back = False
    # Replay is deterministic: the state ``advance`` reached is what replaying the new choices gives.
    result = Play(run, current.spec, current.rules, state, grade(current.spec, state, current.rules),
                  current.rendered)
    _save(run, result, now)
    return result


def hang_up(run: ScenarioRun, actor, now: datetime, seen: int | None = None) -> Play:
    """The agent ends the call."""
    return take_turn(run, HANG_UP, actor, now, seen)


def can_step_back(run: ScenarioRun) -> bool:
    return run.mode == "practice" and not run.finished and bool(run.choices) and not run.stepped_back


def step_back(run: ScenarioRun, actor, now: datetime, seen: int | None = None) -> Play:
    """Practice mode: undo the last choice, once (not twice in a row); RunMovedOn as ``take_turn``."""
    if run.user_id != actor.id or not can_step_back(run):
        raise ChoiceError("you cannot step back now")
    _check_revision(run, seen)
    run.choices = run.choices[:-1]
    run.stepped_back = True
    result = play(run)
    _save(run, result, now)
    return result


def _sync(run: ScenarioRun, result: Play, now: datetime, announce: bool = True) -> None:
    """Copy what analytics and reports need from the replayed state onto the row.

    A finished assessment run announces ``learning_progress`` (certificates listen) unless told not to.
    """
    state, verdict = result.state, result.grade
    run.steps = [[t.node, t.choice, [h.code for h in t.hits]] for t in state.turns]
    run.scores = state.score_map
    run.violations = list(verdict.violations)
    run.updated_at = now
    if state.ended:
        run.status, run.finished_at = "finished", now
        run.ending = state.node if result.spec.nodes[state.node].ending else None
        run.outcome, run.passed = state.outcome, verdict.passed
    db.session.flush()
    if announce and state.ended and run.mode == "assessment":
        learning_progress.send(current_app._get_current_object(), user=run.user,
                               course_slug=run.scenario.course_slug, now=now)


def record_run(user, scenario: Scenario, mode: str, choices: list, now: datetime) -> ScenarioRun:
    """Store a whole call at once without announcing it (demo data; raises ChoiceError on a bad path)."""
    run = ScenarioRun(user_id=user.id, scenario=scenario, version=scenario.current_version, mode=mode,
                      number=_next_number(user, scenario), status="in_progress", choices=list(choices),
                      steps=[], scores={}, violations=[], started_at=now, updated_at=now)  # fmt: skip
    db.session.add(run)
    result = play(run)
    _sync(run, result, now, announce=False)
    return run


# --- queries for other domains and pages ----------------------------------------------------------


def passed_scenarios(user, course_slug: str) -> set[str]:
    """Scenario ids of ``course_slug`` the user has passed in assessment mode (any version)."""
    rows = db.session.scalars(
        select(Scenario.slug).join(ScenarioRun, ScenarioRun.scenario_id == Scenario.id)
        .where(ScenarioRun.user_id == user.id, Scenario.course_slug == course_slug,
               ScenarioRun.mode == "assessment", ScenarioRun.passed.is_(True))
    )  # fmt: skip
    return set(rows)


def runs_of_user(user, limit: int = 100) -> list[ScenarioRun]:
    return list(db.session.scalars(
        select(ScenarioRun).where(ScenarioRun.user_id == user.id).order_by(ScenarioRun.id.desc()).limit(limit)
    ))  # fmt: skip


def runs_of_scenario(scenario: Scenario, limit: int = 200) -> list[ScenarioRun]:
    return list(db.session.scalars(
        select(ScenarioRun).where(ScenarioRun.scenario_id == scenario.id).order_by(ScenarioRun.id.desc())
        .limit(limit)
    ))  # fmt: skip


def open_run_ids(user) -> set[int]:
    """Scenario ids where the user has a call in progress."""
    return set(db.session.scalars(
        select(ScenarioRun.scenario_id).where(ScenarioRun.user_id == user.id, ScenarioRun.status == "in_progress")
    ))  # fmt: skip


def best_results(user) -> dict[int, dict[str, bool | None]]:
    """scenario id -> {mode: passed} over the user's finished runs (True beats False)."""
    best: dict[int, dict[str, bool | None]] = {}
    rows = db.session.execute(
        select(ScenarioRun.scenario_id, ScenarioRun.mode, ScenarioRun.passed)
        .where(ScenarioRun.user_id == user.id, ScenarioRun.status == "finished")
    )  # fmt: skip
    for scenario_id, mode, passed in rows:
        modes = best.setdefault(scenario_id, {})
        modes[mode] = bool(modes.get(mode)) or bool(passed)
    return best
