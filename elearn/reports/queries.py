"""Set-based, read-only queries behind the matrix, the exports, the API and the reminders.

Every function issues a fixed number of queries whatever the number of employees: the facts
for all (employee, course) cells are read with one query per table (assignments, certificates,
lesson progress, lesson totals) filtered by a subquery of the selected employees, then the pure
``status_of`` decides each cell. Other domains' tables are read here, never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, and_, case, func, or_, select

from elearn.auth.models import Department, User
from elearn.certificates.models import Certificate
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.employees.models import Assignment
from elearn.employees.services import department_paths, department_subtree
from elearn.extensions import db
from elearn.reports.status import STATUSES, Facts, due_window, status_of

SORTS = {
    "employee_no": (User.employee_no,),
    "name": (User.display_name, User.employee_no),
    "department": (Department.name, User.employee_no),
    "hire_date": (User.hire_date, User.employee_no),
}


@dataclass(frozen=True)
class MatrixFilter:
    """What HR narrows the matrix to. ``status``/``due_within`` apply to the chosen course, else any."""

    department_id: int | None = None
    position: str = ""
    course: str = ""
    status: str = ""
    due_within: int | None = None
    q: str = ""
    sort: str = "employee_no"
    descending: bool = False
    expiring_days: int = 30

    def as_dict(self) -> dict:
        """Non-empty filters, for links, the audit log and export parameters."""
        keys = ("department_id", "position", "course", "status", "due_within", "q")
        out = {k: getattr(self, k) for k in keys if getattr(self, k) not in (None, "")}
        if self.sort != "employee_no":
            out["sort"] = self.sort
        if self.descending:
            out["descending"] = True
        return out

    @classmethod
    def from_mapping(cls, args) -> MatrixFilter:
        """Build from request args or export params; unknown values fall back to defaults."""
        def as_int(name):
            try:
                return int(args.get(name)) if args.get(name) not in (None, "") else None
            except (TypeError, ValueError):
                return None

        status = args.get("status") or ""
        sort = args.get("sort") or "employee_no"
        return cls(
            department_id=as_int("department_id"), position=(args.get("position") or "").strip()[:100],
            course=(args.get("course") or "").strip()[:80], status=status if status in STATUSES else "",
            due_within=as_int("due_within"), q=(args.get("q") or "").strip()[:50],
            sort=sort if sort in SORTS else "employee_no",
            descending=str(args.get("descending", "")).lower() in ("1", "true", "on", "yes"),
        )


class Cell(NamedTuple):
    """One matrix cell (a NamedTuple: cheap to build 120,000 times)."""

    status: str
    due_at: datetime | None
    expires_at: datetime | None
    lessons_done: int
    lessons_total: int


@dataclass
class MatrixRow:
    user_id: int
    employee_no: str
    name: str
    department: str
    position: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class MatrixPage:
    rows: list[MatrixRow]
    courses: list[str]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --- employees and courses ---------------------------------------------------------------------


def required_courses(flt: MatrixFilter) -> list[str]:
    """Published courses that someone must take (an active assignment exists), or just the chosen one.

    One probe of the assignments index per course, instead of a DISTINCT over every assignment.
    """
    assigned = select(Assignment.id).where(Assignment.course_slug == Course.slug, Assignment.active).exists()
    query = select(Course.slug).where(assigned).order_by(Course.slug)
    if flt.course:
        query = query.where(Course.slug == flt.course)
    return list(db.session.scalars(query))


def employee_select(flt: MatrixFilter) -> Select:
    """Active employees with at least one active assignment, filtered and sorted (no status filter)."""
    has_work = select(Assignment.id).where(Assignment.user_id == User.id, Assignment.active)
    if flt.course:
        has_work = has_work.where(Assignment.course_slug == flt.course)
    query = (
        select(User.id, User.employee_no, User.display_name, User.department_id, User.position)
        .outerjoin(Department, User.department_id == Department.id)
        .where(User.active, has_work.exists())
    )
    if flt.department_id:
        query = query.where(User.department_id.in_(department_subtree(flt.department_id)))
    if flt.position:
        query = query.where(User.position == flt.position)
    if flt.q:
        like = f"%{flt.q}%"
        query = query.where(or_(User.display_name.ilike(like), User.employee_no.ilike(like)))
    order = SORTS[flt.sort]
    return query.order_by(*[c.desc() for c in order] if flt.descending else order)


# --- facts ------------------------------------------------------------------------------------


def facts_for(user_ids, slugs: Iterable[str]) -> tuple[dict[tuple[int, str], Facts], dict[tuple[int, str], tuple]]:
    """Facts for every assigned (employee, course) among ``user_ids`` (a list or a subquery).

    Returns (facts, progress) where progress maps the cell to (lessons done, lessons total).
    Four queries, whatever the number of employees.
    """
    wanted = set(slugs)
    if not wanted:
        return {}, {}
    # Filtered by employee only: with the course too, SQLite picks the course index and scans every row.
    due = {(u, s): d for u, s, d in db.session.execute(
        select(Assignment.user_id, Assignment.course_slug, Assignment.due_at)
        .where(Assignment.active, Assignment.user_id.in_(user_ids))) if s in wanted}
    certs = {(u, s): (e, r) for u, s, e, r in db.session.execute(
        select(Certificate.user_id, Certificate.course_slug, Certificate.expires_at, Certificate.revoked_at)
        .where(Certificate.head_key.is_not(None), Certificate.user_id.in_(user_ids))) if s in wanted}
    slugs = sorted(wanted)
    totals = lesson_totals(slugs)
    progress = _progress(user_ids, slugs)
    facts, counts = {}, {}
    for key, due_at in due.items():
        done, started = progress.get(key, (0, False))
        total = totals.get(key[1], 0)
        expires, revoked = certs.get(key, (None, None))
        facts[key] = Facts(
            due_at=due_at, started=started, completed=bool(total) and done >= total,
            cert_issued=expires is not None and revoked is None, cert_expires_at=expires if revoked is None else None,
        )
        counts[key] = (done, total)
    return facts, counts


def lesson_totals(slugs: Iterable[str]) -> dict[str, int]:
    """Number of lessons in each course's current version."""
    rows = db.session.execute(
        select(Course.slug, func.count(Lesson.id))
        .join(Lesson, Lesson.course_version_id == Course.current_version_id)
        .where(Course.slug.in_(list(slugs))).group_by(Course.slug))
    return dict(rows.all())


def _progress(user_ids, slugs: list[str]) -> dict[tuple[int, str], tuple[int, bool]]:
    done_now = func.count(func.distinct(case(
        (and_(LessonProgress.completed_at.is_not(None), LessonProgress.course_version_id == Course.current_version_id),
         LessonProgress.lesson_id))))
    rows = db.session.execute(
        select(LessonProgress.user_id, Course.slug, done_now)
        .join(CourseVersion, LessonProgress.course_version_id == CourseVersion.id)
        .join(Course, CourseVersion.course_id == Course.id)
        .where(LessonProgress.user_id.in_(user_ids), Course.slug.in_(slugs))
        .group_by(LessonProgress.user_id, Course.slug))
    return {(u, s): (done, True) for u, s, done in rows}


# --- the matrix -------------------------------------------------------------------------------


def _rows(people, slugs, facts, counts, now, flt) -> list[MatrixRow]:
    paths = department_paths()
    rows = []
    for uid, number, name, dept_id, position in people:
        row = MatrixRow(uid, number, name, " / ".join(paths.get(dept_id, ())), position or "")
        for slug in slugs:
            fact = facts.get((uid, slug))
            if fact is not None:
                done, total = counts[(uid, slug)]
                row.cells[slug] = Cell(status_of(fact, now, flt.expiring_days), fact.due_at,
                                       fact.cert_expires_at, done, total)
        rows.append(row)
    return rows


def _keep(row: MatrixRow, flt: MatrixFilter, now: datetime) -> bool:
    cells = [row.cells[flt.course]] if flt.course in row.cells else list(row.cells.values())
    if flt.status:
        cells = [c for c in cells if c.status == flt.status]
    if flt.due_within is not None:
        cells = [c for c in cells if due_window(c.status, c.due_at, now, flt.due_within)]
    return bool(cells)


def matrix_page(flt: MatrixFilter, now: datetime, page: int = 1, per_page: int = 50) -> MatrixPage:
    """One page of the matrix. Without a status or due filter only the page's employees are read."""
    slugs = required_courses(flt)
    base = employee_select(flt)
    if flt.status or flt.due_within is not None:
        rows = list(iter_matrix(flt, now, slugs=slugs))
        start = (page - 1) * per_page
        return MatrixPage(rows[start:start + per_page], slugs, len(rows), page, per_page)
    total = db.session.scalar(select(func.count()).select_from(base.order_by(None).subquery()))
    people = db.session.execute(base.limit(per_page).offset((page - 1) * per_page)).all()
    facts, counts = facts_for([p[0] for p in people], slugs)
    return MatrixPage(_rows(people, slugs, facts, counts, now, flt), slugs, total, page, per_page)


def iter_matrix(flt: MatrixFilter, now: datetime, slugs: list[str] | None = None) -> list[MatrixRow]:
    """Every row of the matrix (for exports and status filters), in five or six queries."""
    slugs = required_courses(flt) if slugs is None else slugs
    base = employee_select(flt)
    ids = base.with_only_columns(User.id).order_by(None).scalar_subquery()
    people = db.session.execute(base).all()
    facts, counts = facts_for(ids, slugs)
    rows = _rows(people, slugs, facts, counts, now, flt)
    if flt.status or flt.due_within is not None:
        rows = [r for r in rows if _keep(r, flt, now)]
    return rows


# --- one person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    course_slug: str
    title: dict
    cell: Cell
    source: str
    assigned_at: datetime


def my_status_rows(user: User, now: datetime, expiring_days: int = 30) -> list[StatusRow]:
    """The person's assigned courses with status and due date (learner widget, person page, transcript)."""
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.user_id == user.id, Assignment.active)
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.course_slug)).all()
    slugs = [a.course_slug for a in assignments]
    facts, counts = facts_for([user.id], slugs)
    titles = course_titles(slugs)
    rows = []
    for a in assignments:
        fact = facts[(user.id, a.course_slug)]
        done, total = counts[(user.id, a.course_slug)]
        cell = Cell(status_of(fact, now, expiring_days), fact.due_at, fact.cert_expires_at, done, total)
        rows.append(StatusRow(a.course_slug, titles.get(a.course_slug, {}), cell, a.source, a.assigned_at))
    return rows


def course_titles(slugs: Iterable[str] | None = None) -> dict[str, dict]:
    """slug -> {zh, en} title of the current version (one query)."""
    query = select(Course.slug, CourseVersion.title).join(CourseVersion, Course.current_version_id == CourseVersion.id)
    if slugs is not None:
        query = query.where(Course.slug.in_(list(slugs)))
    return {slug: title or {} for slug, title in db.session.execute(query)}

