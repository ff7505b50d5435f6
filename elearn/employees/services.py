"""Employees use cases: the department tree, the directory, and the HR import (preview and apply).

Services add and flush; the route or CLI command commits once. Assignment use cases are in
``elearn.employees.assigning``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from elearn.audit.services import record
from elearn.auth.models import Department, User
from elearn.core.text import natural_key
from elearn.employees import importing
from elearn.employees.models import ImportBatch
from elearn.employees.rules import subtree_ids
from elearn.extensions import db

LEVELS = {1: "centre", 2: "department"}


class ImportRejected(Exception):
    """Raised by apply when the file has errors: nothing was written."""

    def __init__(self, plan: importing.ImportPlan):
        super().__init__(f"{len(plan.problems)} error(s) in the file")
        self.plan = plan


# --- departments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeNode:
    department: Department
    depth: int
    path: tuple[str, ...]


def department_tree() -> list[TreeNode]:
    """All departments in tree order (parents before children, siblings by name, 2组 before 10组)."""
    departments = sorted(db.session.scalars(select(Department)).all(), key=lambda d: natural_key(d.name))
    children: dict[int | None, list[Department]] = {}
    for dept in departments:
        children.setdefault(dept.parent_id, []).append(dept)
    nodes: list[TreeNode] = []

    def walk(parent_id: int | None, depth: int, path: tuple[str, ...]) -> None:
        for dept in children.get(parent_id, []):
            here = (*path, dept.name)
            nodes.append(TreeNode(dept, depth, here))
            walk(dept.id, depth + 1, here)

    walk(None, 0, ())
    return nodes


def department_paths() -> dict[int, tuple[str, ...]]:
    """Department id -> names from the root, in one query."""
    return {node.department.id: node.path for node in department_tree()}


def department_subtree(department_id: int) -> frozenset[int]:
    """The department and everything under it (ids), from one query of the parent links."""
    parents = dict(db.session.execute(select(Department.id, Department.parent_id)).all())
    return subtree_ids(parents, department_id)


def ensure_department_path(path: tuple[str, ...], known: dict[tuple[str, ...], Department]) -> Department:
    """Find or create each level of ``path``; ``known`` (path -> Department) is updated in place."""
    parent = None
    for depth in range(1, len(path) + 1):
        prefix = path[:depth]
        dept = known.get(prefix)
        if dept is None:
            code = "d-" + hashlib.sha1("/".join(prefix).encode("utf-8")).hexdigest()[:12]
            dept = Department(code=code, name=prefix[-1], level=LEVELS.get(depth, "team"), parent=parent)
            db.session.add(dept)
            known[prefix] = dept
        parent = dept
    return parent


# --- directory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    department_id: int | None = None
    position: str = ""
    status: str = "active"  # active | inactive | all


def directory_query(flt: DirectoryFilter):
    """A select() of users for the directory, filtered; the caller paginates it."""
    query = select(User).options(selectinload(User.manager)).order_by(User.employee_no)
    if flt.q:
        like = f"%{flt.q.strip()}%"
        query = query.where(or_(User.display_name.ilike(like), User.employee_no.ilike(like)))
    if flt.department_id:
        query = query.where(User.department_id.in_(department_subtree(flt.department_id)))
    if flt.position:
        query = query.where(User.position == flt.position)
    if flt.status in ("active", "inactive"):
        query = query.where(User.active.is_(flt.status == "active"))
    return query


def positions() -> list[str]:
    """Distinct positions in use, for filter menus."""
    rows = db.session.scalars(select(User.position).where(User.position.is_not(None)).distinct())
    return sorted(p for p in rows if p)


# --- import ---------------------------------------------------------------------------------


def _existing() -> tuple[list[importing.Existing], dict[tuple[str, ...], Department]]:
    tree = department_tree()
    paths = {node.department.id: node.path for node in tree}
    users = db.session.execute(select(User, func.coalesce(User.manager_id, 0))).all()
    numbers = {u.id: u.employee_no for u, _ in users}
    existing = [
        importing.Existing(
            u.employee_no, u.display_name, paths.get(u.department_id, ()), u.position or "", u.hire_date,
            numbers.get(manager_id, ""), u.active, u.email or "",
        )
        for u, manager_id in users
    ]
    return existing, {node.path: node.department for node in tree}


def preview_import(data: bytes, filename: str, deactivate_missing: bool = False) -> importing.ImportPlan:
    """Parse and compare the file with the database; writes nothing. Raises ValueError if unreadable."""
    table, encoding = importing.read_table(data, filename)
    parsed = importing.parse_rows(table, encoding)
    existing, departments = _existing()
    return importing.build_plan(parsed, existing, departments.keys(), deactivate_missing)


def store_batch(data: bytes, filename: str, deactivate_missing: bool, actor, now: datetime) -> ImportBatch:
    """Keep the uploaded bytes so that "apply" applies exactly what was previewed."""
    batch = ImportBatch(
        filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(), data=data,
        deactivate_missing=deactivate_missing, uploaded_by_id=getattr(actor, "id", None), uploaded_at=now,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


PROGRESS_EVERY = 250  # rows between two progress reports


def apply_import(
    data: bytes, filename: str, actor, now: datetime, deactivate_missing: bool = False, progress=None
) -> importing.ImportPlan:
    """Apply the file all or nothing: raises ImportRejected (nothing written) when any row is wrong.

    Leavers are deactivated, never deleted. The change counts go to the audit log.
    ``progress(rows done, total)`` is called every PROGRESS_EVERY changed rows and at the end.
    """
    plan = preview_import(data, filename, deactivate_missing)
    if not plan.ok:
        raise ImportRejected(plan)
    _, departments = _existing()
    by_no = {u.employee_no: u for u in db.session.scalars(select(User))}
    usernames = {u.username for u in by_no.values()}
    changes = plan.updates + plan.deactivations
    total = len(plan.creates) + len(changes)
    for done, row in enumerate(plan.creates, 1):
        by_no[row.employee_no] = _create(row, departments, usernames, now)
        if progress and done % PROGRESS_EVERY == 0:
            db.session.flush()  # the work is in the flush: report after it
            progress(done, total)
    for done, change in enumerate(changes, len(plan.creates) + 1):
        _update(by_no[change.employee_no], change, departments, now)
        if progress and done % PROGRESS_EVERY == 0:
            db.session.flush()
            progress(done, total)
    db.session.flush()
    for row in plan.creates + [c.row for c in plan.updates if c.row and "manager_no" in c.changes]:
        manager = by_no.get(row.manager_no) if row.manager_no else None
        by_no[row.employee_no].manager_id = manager.id if manager else None
    db.session.flush()
    details = {"file": filename, "sha256": hashlib.sha256(data).hexdigest(), **plan.summary()}
    record(actor, "employees.import", f"file:{filename}", details, now)
    if progress:
        progress(total, total)
    return plan


def _create(row: importing.EmployeeRow, departments, usernames: set[str], now: datetime) -> User:
    username = row.employee_no
    n = 1
    while username in usernames:
        n += 1
        username = f"{row.employee_no}-{n}"
    usernames.add(username)
    user = User(
        username=username, employee_no=row.employee_no, display_name=row.name, role="learner",
        department=ensure_department_path(row.department, departments) if row.department else None,
        position=row.position or None, hire_date=row.hire_date, email=row.email or None, active=row.active,
        created_at=now, updated_at=now,
    )
    db.session.add(user)
    return user


def _update(user: User, change: importing.Change, departments, now: datetime) -> None:
    values = {name: new for name, (_old, new) in change.changes.items()}
    if "name" in values:
        user.display_name = values["name"]
    if "department" in values:
        path = values["department"]
        user.department = ensure_department_path(path, departments) if path else None
    if "position" in values:
        user.position = values["position"] or None
    if "hire_date" in values:
        user.hire_date = values["hire_date"]
    if "email" in values:
        user.email = values["email"] or None
    if "active" in values:
        user.active = values["active"]
    user.updated_at = now


def plan_as_json(plan: importing.ImportPlan) -> str:
    """A compact summary stored on the batch and shown in the audit log."""
    return json.dumps(plan.summary())
