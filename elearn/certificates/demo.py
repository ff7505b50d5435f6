"""Demo certificates: everyone the other demos brought to a course's rule gets one, with a realistic spread.

Run by `flask demo seed` after the courses, quizzes and scenarios demos. Issue dates are spread so the HR
list shows valid, expiring, expired and revoked certificates; running it again changes nothing (a person's
existing certificate is only renewed by new evidence, and a revoked one stays revoked).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.certificates import services
from elearn.extensions import db

# share of people (by a stable hash of their employee number) -> days before now the certificate was issued
SPREAD = [(70, 20), (85, 345), (95, 400)]  # else: revoked
REVOKED_REASON = "演示数据：测验作答存在违规，证书撤销"


def _age_days(employee_no: str, course_slug: str) -> int | None:
    """Days ago to issue (None: issue now and revoke it)."""
    bucket = int(hashlib.sha256(f"{employee_no}:{course_slug}".encode()).hexdigest(), 16) % 100
    for limit, days in SPREAD:
        if bucket < limit:
            return days
    return None


def seed(now: datetime) -> str:
    """Issue the certificates the demo progress has earned; returns a summary line."""
    learning = services.real_learning()
    if learning is None:
        return "no courses installed"
    from elearn.courses.services import current_courses

    users = db.session.scalars(select(User).where(User.active, User.role == "learner").order_by(User.employee_no))
    issued = revoked = 0
    courses = current_courses()
    for user in users:
        for course in courses:
            age = _age_days(user.employee_no, course.slug)
            cert = services.issue_if_met(user, course.slug, now - timedelta(days=age or 0), learning)
            if cert is None:
                continue
            issued += 1
            if age is None and cert.revoked_at is None:
                services.revoke(cert, None, REVOKED_REASON, now)
                revoked += 1
    return f"{issued} certificates issued, {revoked} revoked"
