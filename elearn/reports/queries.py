"""Set-based, read-only queries behind the matrix, the exports, the API and the reminders.

Every function issues a fixed number of queries whatever the number of employees: the facts
for all (employee, course) cells are read with one query per table (assignments, certificates,
lesson progress, lesson totals) filtered by a subquery of the selected employees, then the pure
``status_of`` decides each cell. Other domains' tables are read here, never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Select, and_, case, func, or_, select

from elearn.auth.models import Department, User
from elearn.certificates.models import Certificate
from elearn.courses.models import Course, CourseVersion, Lesson, LessonProgress
from elearn.employees.models import Assignment
from elearn.employees.services import department_paths, department_subtree
from elearn.extensions import db
from elearn.reports.status import STATUSES, Facts, status_of

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
    people: frozenset[int] | None = None  # only these employees (a team lead's reports); never from request args

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
    if flt.people is not None:
        query = query.where(User.id.in_(sorted(flt.people)))
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


def matrix_page(flt: MatrixFilter, now: datetime, page: int = 1, per_page: int = 50) -> MatrixPage:
    """One page of the matrix: only the page's employees are read, whatever the filters.

    A status or due-window filter narrows the employees in SQL (:func:`matching_employees`), so
    a filtered page costs about what an unfiltered one does.
    """
    slugs = required_courses(flt)
    base = employee_select(flt)
    if flt.status or flt.due_within is not None:
        # One pass: the filtered ids in order (cheap), then the page's rows; the cells are examined once.
        ids = list(db.session.scalars(base.where(matching_employees(flt, now, slugs))
                                      .with_only_columns(User.id)))
        chosen = ids[(page - 1) * per_page:page * per_page]
        people = sorted(db.session.execute(base.where(User.id.in_(chosen))).all(), key=lambda p: chosen.index(p[0]))
        facts, counts = facts_for(chosen, slugs)
        return MatrixPage(_rows(people, slugs, facts, counts, now, flt), slugs, len(ids), page, per_page)
    total = _count(base)
    people = db.session.execute(base.limit(per_page).offset((page - 1) * per_page)).all()
    facts, counts = facts_for([p[0] for p in people], slugs)
    return MatrixPage(_rows(people, slugs, facts, counts, now, flt), slugs, total, page, per_page)


def matrix_count(flt: MatrixFilter, now: datetime) -> int:
    """How many employees the matrix lists for these filters (its pages' ``total``), in one query."""
    base = employee_select(flt)
    if flt.status or flt.due_within is not None:
        base = base.where(matching_employees(flt, now, required_courses(flt)))
    return _count(base)


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def iter_matrix(flt: MatrixFilter, now: datetime, slugs: list[str] | None = None) -> list[MatrixRow]:
    """Every row of the matrix (for exports and the dashboard), in five or six queries."""
    slugs = required_courses(flt) if slugs is None else slugs
    base = employee_select(flt)
    if flt.status or flt.due_within is not None:
        base = base.where(matching_employees(flt, now, slugs))
    ids = base.with_only_columns(User.id).order_by(None).scalar_subquery()
    people = db.session.execute(base).all()
    facts, counts = facts_for(ids, slugs)
    return _rows(people, slugs, facts, counts, now, flt)


# --- the status in SQL ------------------------------------------------------------------------


class _CellFacts:
    """Correlated SQL facts about the assignment row being filtered (``Assignment``)."""

    def __init__(self, now: datetime, expiring_days: int):
        self.now, self.soon = now, now + timedelta(days=expiring_days)

    def cert(self, *conditions):
        """A current (head, not revoked) certificate exists for the cell, meeting ``conditions``."""
        return select(Certificate.id).where(
            Certificate.user_id == Assignment.user_id, Certificate.course_slug == Assignment.course_slug,
            Certificate.head_key.is_not(None), Certificate.revoked_at.is_(None), *conditions).exists()

    def started(self):
        """Any lesson of any version of the course was opened."""
        lessons = (select(Lesson.id).join(CourseVersion, Lesson.course_version_id == CourseVersion.id)
                   .join(Course, CourseVersion.course_id == Course.id).where(Course.slug == Assignment.course_slug)
                   .correlate(Assignment))
        return (select(LessonProgress.id)
                .where(LessonProgress.user_id == Assignment.user_id, LessonProgress.lesson_id.in_(lessons)).exists())

    def completed(self):
        """Every lesson of the course's current version is done (progress rows are unique per lesson).

        Progress is looked up by (person, lesson), the unique index, never by course version
        (thousands of rows a course).
        """
        current = (select(Lesson.id).join(Course, Course.current_version_id == Lesson.course_version_id)
                   .where(Course.slug == Assignment.course_slug).correlate(Assignment))
        done = (select(func.count(LessonProgress.id))
                .where(LessonProgress.user_id == Assignment.user_id, LessonProgress.lesson_id.in_(current),
                       LessonProgress.completed_at.is_not(None)).scalar_subquery())
        total = current.with_only_columns(func.count(Lesson.id)).scalar_subquery()
        return and_(total > 0, done >= total)

    def not_past_due(self):
        return or_(Assignment.due_at.is_(None), Assignment.due_at >= self.now)

    def done(self):
        """Certified, expiring or completed: the statuses :data:`DONE` names."""
        return or_(self.cert(Certificate.expires_at > self.now), and_(~self.cert(), self.completed()))

    def status(self, status: str):
        """A WHERE clause true exactly when ``status_of`` gives ``status`` (not started, overdue).

        Certified, expiring, expired, in progress and completed are decided in :func:`cells_where`, which
        starts from the certificates or the progress rows; all seven are tested cell by cell against
        ``status_of``. Cheap terms come first: SQLite stops at the first false AND term.
        """
        now, cert, completed = self.now, self.cert, self.completed
        predicates = {
            "overdue": lambda: and_(Assignment.due_at < now, ~cert(Certificate.expires_at > now), ~completed()),
            "not_started": lambda: and_(self.not_past_due(), ~cert(), ~self.started()),
        }
        return predicates[status]()

    def due_within(self, days: int):
        """Work not yet done falls due within ``days`` (see :func:`elearn.reports.status.due_window`)."""
        return and_(Assignment.due_at >= self.now, Assignment.due_at <= self.now + timedelta(days=days), ~self.done())


_BY_CERTIFICATE = {  # status -> conditions on the cell's current certificate, and on the cell (facts)
    "expiring": lambda facts: (Certificate.expires_at > facts.now, Certificate.expires_at <= facts.soon),
    "certified": lambda facts: (Certificate.expires_at > facts.soon,),
    "expired": lambda facts: (Certificate.expires_at <= facts.now, or_(facts.not_past_due(), facts.completed())),
}


def cells_where(slugs: list[str], now: datetime, status: str = "", due_within: int | None = None,
                expiring_days: int = 30, user_ids=None) -> Select:
    """(user_id, course_slug) of the assigned cells in ``status`` and/or due within ``due_within`` days.

    The status is decided in SQL: certified, expiring and expired start from the certificates in
    their window, in progress and completed from the (person, course) pairs with progress, the others
    are one predicate each (:meth:`_CellFacts.status`), so little is computed for cells that
    cannot match.
    """
    facts = _CellFacts(now, expiring_days)
    query = (select(Assignment.user_id, Assignment.course_slug)
             .where(Assignment.active, Assignment.course_slug.in_(slugs)))
    if status in _BY_CERTIFICATE:
        # Start from the certificates in the window (a fraction of the cells) instead of probing every cell.
        query = (query.select_from(Certificate)
                 .join(Assignment, and_(Assignment.user_id == Certificate.user_id,
                                        Assignment.course_slug == Certificate.course_slug))
                 .where(Certificate.head_key.is_not(None), Certificate.revoked_at.is_(None),
                        *_BY_CERTIFICATE[status](facts)))
        status = ""
    elif status in ("in_progress", "completed"):
        # Only cells with progress can be in progress or completed: the (person, course) pairs with
        # any progress are grouped once and joined, instead of probing every cell.
        started = (select(LessonProgress.user_id.label("user_id"), Course.slug.label("slug"))
                   .join(CourseVersion, LessonProgress.course_version_id == CourseVersion.id)
                   .join(Course, CourseVersion.course_id == Course.id)
                   .where(Course.slug.in_(slugs)).group_by(LessonProgress.user_id, Course.slug).subquery())
        on = and_(Assignment.user_id == started.c.user_id, Assignment.course_slug == started.c.slug)
        query = query.select_from(started).join(Assignment, on).where(
            and_(facts.not_past_due(), ~facts.cert(), ~facts.completed()) if status == "in_progress"
            else and_(~facts.cert(), facts.completed()))
        status = ""
    if user_ids is not None:
        query = query.where(Assignment.user_id.in_(user_ids))
    if due_within is not None:
        query = query.where(facts.due_within(due_within))
    if status:
        query = query.where(facts.status(status))
    return query


# Statuses most cells are in: ask per employee whether one cell matches (stopping at the first),
# rather than collecting every matching cell.
_COMMON = frozenset({"not_started"})


def matching_employees(flt: MatrixFilter, now: datetime, slugs: list[str]):
    """WHERE clause on ``User``: the employee has a cell in the wanted status and/or due window.

    The same cell must satisfy both; with a course chosen only that course's cell counts. When
    the employees are narrowed (department, position, name) only their cells are examined.
    """
    if flt.status in _COMMON and flt.due_within is None:
        cells = cells_where(slugs, now, flt.status, None, flt.expiring_days)
        return cells.where(Assignment.user_id == User.id).exists()
    people = None
    if flt.department_id or flt.position or flt.q or flt.people is not None:
        people = employee_select(flt).with_only_columns(User.id).order_by(None).scalar_subquery()
    cells = cells_where(slugs, now, flt.status, flt.due_within, flt.expiring_days, people)
    return User.id.in_(cells.with_only_columns(Assignment.user_id))


def reports_of(manager_id: int) -> frozenset[int]:
    """Active employees who report to the manager, directly or through other managers (one recursive query
    down the manager index; UNION drops rows already found, so a reporting cycle ends)."""
    below = select(User.id).where(User.manager_id == manager_id).cte("below", recursive=True)
    below = below.union(select(User.id).join(below, User.manager_id == below.c.id))
    query = select(User.id).where(User.id.in_(select(below.c.id)), User.active, User.id != manager_id)
    return frozenset(db.session.scalars(query))


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

