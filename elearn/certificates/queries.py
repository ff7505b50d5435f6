"""Read-only queries behind the certificate pages (lists, filters, chains)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from wtforms import SelectChoice

from elearn.auth.models import Department, User
from elearn.certificates.models import Certificate
from elearn.certificates.services import setting, status_of
from elearn.certificates.status import Status
from elearn.extensions import db

PER_PAGE = 25
STATUS_LABELS = {
    Status.VALID: _l("Valid"),
    Status.EXPIRING: _l("Expiring soon"),
    Status.EXPIRED: _l("Expired"),
    Status.REVOKED: _l("Revoked"),
}


@dataclass(frozen=True)
class Row:
    cert: Certificate
    status: Status

    @property
    def label(self):
        return STATUS_LABELS[self.status]


def rows_for_holder(user, now: datetime) -> list[Row]:
    """The person's certificates, newest first, with their status now."""
    certs = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user.id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return [Row(c, status_of(c, now)) for c in certs]


def chain(cert: Certificate) -> list[Certificate]:
    """The certificates this one replaced, and the ones that replaced it, oldest first."""
    related = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == cert.user_id, Certificate.course_slug == cert.course_slug)
        .order_by(Certificate.issued_at, Certificate.id)
    ).all()
    return related if len(related) > 1 else []


def fill_choices(form) -> None:
    """Departments and courses that appear among certificates, for the filter and bulk forms."""
    departments = db.session.scalars(select(Department).order_by(Department.code)).all()
    everyone = SelectChoice(0, _l("All departments"))
    form.department.choices = [everyone] + [SelectChoice(d.id, d.name) for d in departments]
    courses = db.session.execute(
        select(Certificate.course_slug, Certificate.course_title_zh, Certificate.course_title_en)
        .distinct()
        .order_by(Certificate.course_slug)
    ).all()
    seen, choices = set(), [SelectChoice("", _l("All courses"))]
    for slug, title, _title_en in courses:
        if slug not in seen:
            seen.add(slug)
            choices.append(SelectChoice(slug, title))
    form.course.choices = choices


def department_subtree(department_id: int) -> set[int]:
    """The department and every team below it."""
    rows = db.session.execute(select(Department.id, Department.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for node, parent in rows:
        children.setdefault(parent, []).append(node)
    found, stack = set(), [department_id]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, []))
    return found


def _filtered(department_id, course_slug):
    stmt = select(Certificate).join(User, User.id == Certificate.user_id)
    if department_id:
        stmt = stmt.where(User.department_id.in_(department_subtree(department_id)))
    if course_slug:
        stmt = stmt.where(Certificate.course_slug == course_slug)
    return stmt


def _status_clause(stmt, status: str, now: datetime):
    soon = now + timedelta(days=setting("CERT_EXPIRING_DAYS", 30))
    live = Certificate.revoked_at.is_(None)
    clauses = {
        "revoked": Certificate.revoked_at.is_not(None),
        "expired": live & (Certificate.expires_at <= now),
        "expiring": live & (Certificate.expires_at > now) & (Certificate.expires_at <= soon),
        "valid": live & (Certificate.expires_at > soon),
    }
    return stmt.where(clauses[status]) if status in clauses else stmt


def search(filters: dict, now: datetime, page: int = 1):
    """HR list: filter by department subtree, course, status and free text; newest first, paginated."""
    stmt = _filtered(filters.get("department"), filters.get("course"))
    stmt = _status_clause(stmt, filters.get("status") or "", now)
    text = (filters.get("q") or "").strip()
    if text:
        like = f"%{text}%"
        stmt = stmt.where(
            or_(
                Certificate.holder_name.ilike(like), Certificate.employee_no.ilike(like), Certificate.serial.ilike(like)
            )
        )
    stmt = stmt.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    result = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    result.rows = [Row(c, status_of(c, now)) for c in result.items]
    return result


def for_bundle(department_id, course_slug) -> list[Certificate]:
    """Every certificate of the selection that is a person's newest for its course, by serial."""
    stmt = _filtered(department_id, course_slug).where(Certificate.head_key.is_not(None))
    return list(db.session.scalars(stmt.order_by(Certificate.serial)))
