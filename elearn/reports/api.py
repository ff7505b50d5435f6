"""The read-only JSON API for HR systems, described by docs/openapi.yaml.

Every request carries ``Authorization: Bearer <token>`` of an active client (created by an admin
on /reports/api-clients). Lists are paginated with ``page`` and ``per_page`` (at most 500) and
answer ``{"items": [...], "page", "per_page", "total", "next"}``. Every read is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from flask import Blueprint, current_app, g, jsonify, request, url_for
from sqlalchemy import func, or_, select

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.certificates.models import Certificate
from elearn.core.clock import now
from elearn.employees.models import Assignment
from elearn.employees.services import department_paths, department_subtree
from elearn.extensions import csrf, db, limiter
from elearn.reports import services
from elearn.reports.queries import MatrixFilter, matrix_page

api = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(api)


def _api_limit() -> str:
    return current_app.config.get("API_RATE_LIMIT", "600 per minute")


limiter.limit(_api_limit)(api)
MAX_PER_PAGE = 500


class BadRequest(ValueError):
    pass


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()


def _since(name: str = "updated_since") -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(f"{name} must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z") from exc
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _paging() -> tuple[int, int]:
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 100))
    except ValueError as exc:
        raise BadRequest("page and per_page must be integers") from exc
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}")
    return page, per_page


def _listing(query, page: int, per_page: int, serialise, endpoint: str):
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return _envelope([serialise(r) for r in rows], page, per_page, total, endpoint)


def _envelope(items, page, per_page, total, endpoint):
    args = {k: v for k, v in request.args.items() if k != "page"}
    more = page * per_page < total
    return jsonify(items=items, page=page, per_page=per_page, total=total,
                   next=url_for(endpoint, page=page + 1, _external=True, **args) if more else None)


@api.before_request
def authenticate():
    client = services.authenticate(request.headers.get("Authorization"), now())
    if client is None:
        response = jsonify(error="unauthorized", message="a valid bearer token is required")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="elearn"'
        return response
    g.api_client = client
    return None


@api.after_request
def audit(response):
    client = g.get("api_client")
    if client is not None and response.status_code == 200:
        actor = SimpleNamespace(id=None, username=f"api:{client.token_prefix}", display_name=client.name)
        record(actor, "api.read", request.path, dict(request.args), now())
        db.session.commit()
    return response


@api.errorhandler(BadRequest)
def bad_request(exc):
    return jsonify(error="bad_request", message=str(exc)), 400


@api.get("/employees")
def employees():
    page, per_page = _paging()
    query = select(User).order_by(User.id)
    if (since := _since()) is not None:
        query = query.where(User.updated_at >= since)
    if request.args.get("department_id", type=int):
        query = query.where(User.department_id.in_(department_subtree(request.args.get("department_id", type=int))))
    if request.args.get("active") in ("true", "false"):
        query = query.where(User.active.is_(request.args["active"] == "true"))
    paths = department_paths()

    def serialise(u: User) -> dict:
        return {"employee_no": u.employee_no, "name": u.display_name,
                "department": list(paths.get(u.department_id, ())), "department_id": u.department_id,
                "position": u.position, "hire_date": iso(u.hire_date), "active": u.active,
                "updated_at": iso(u.updated_at)}

    return _listing(query, page, per_page, serialise, "reports.api.employees")


@api.get("/assignments")
def assignments():
    page, per_page = _paging()
    query = select(Assignment).join(User, Assignment.user_id == User.id).order_by(Assignment.id)
    if (since := _since()) is not None:
        query = query.where(Assignment.updated_at >= since)
    if request.args.get("course"):
        query = query.where(Assignment.course_slug == request.args["course"])
    if request.args.get("employee_no"):
        query = query.where(User.employee_no == request.args["employee_no"])

    def serialise(a: Assignment) -> dict:
        return {"id": a.id, "employee_no": a.user.employee_no, "course": a.course_slug, "source": a.source,
                "assigned_at": iso(a.assigned_at), "due_at": iso(a.due_at), "active": a.active,
                "updated_at": iso(a.updated_at)}

    return _listing(query, page, per_page, serialise, "reports.api.assignments")


@api.get("/compliance")
def compliance():
    page, per_page = _paging()
    flt = MatrixFilter.from_mapping(request.args)
    result = matrix_page(flt, now(), page, per_page)
    items = [
        {"employee_no": r.employee_no, "name": r.name, "department": r.department, "position": r.position,
         "courses": [{"course": slug, "status": c.status, "due_at": iso(c.due_at), "expires_at": iso(c.expires_at),
                      "lessons_done": c.lessons_done, "lessons_total": c.lessons_total}
                     for slug, c in sorted(r.cells.items())]}
        for r in result.rows
    ]
    return _envelope(items, page, per_page, result.total, "reports.api.compliance")


@api.get("/certificates")
def certificates():
    page, per_page = _paging()
    query = select(Certificate).order_by(Certificate.id)
    if (since := _since()) is not None:
        query = query.where(or_(Certificate.issued_at >= since, Certificate.revoked_at >= since))
    if request.args.get("course"):
        query = query.where(Certificate.course_slug == request.args["course"])

    def serialise(c: Certificate) -> dict:
        return {"serial": c.serial, "employee_no": c.employee_no, "course": c.course_slug,
                "course_version": c.course_version, "score": c.score, "issued_at": iso(c.issued_at),
                "expires_at": iso(c.expires_at), "revoked_at": iso(c.revoked_at), "current": c.head_key is not None}

    return _listing(query, page, per_page, serialise, "reports.api.certificates")


@api.get("/statements")
def statements():
    from elearn.reports.transcript import xapi_statements

    page, per_page = _paging()
    items = xapi_statements(_since("since"))
    start = (page - 1) * per_page
    return _envelope(items[start:start + per_page], page, per_page, len(items), "reports.api.statements")
