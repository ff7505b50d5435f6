"""Demo calls for `flask demo seed`: learners have practised and sat the shipped scenarios.

Each learner plays paths taken from the scenario's own `tests:` (compliant and failing ones), picked by a
stable hash of their employee number, so the analytics page has real distributions. Idempotent: a learner
with any run is left alone. `learner` and `learner2` get none, to play themselves. No learning event is sent.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from elearn.auth.models import User
from elearn.extensions import db
from elearn.scenarios import services
from elearn.scenarios.engine import ChoiceError
from elearn.scenarios.models import ScenarioRun

SKIP = ("learner", "learner2")
MAX_LEARNERS = 40


def _pick(*parts: str) -> int:
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest(), 16)


def _learners() -> list[User]:
    played = select(ScenarioRun.user_id).distinct()
    query = (select(User).where(User.role == "learner", User.active.is_(True), User.username.not_in(SKIP),
                                User.id.not_in(played)).order_by(User.id).limit(MAX_LEARNERS))  # fmt: skip
    return list(db.session.scalars(query))


def seed(now: datetime) -> str:
    """Add practice and assessment calls for learners without any; returns a summary line."""
    rows = services.published()
    count = 0
    for learner in _learners():
        for row in rows:
            tests = services.load_version(row.current_version)[0].tests
            if not tests:
                continue
            for offset, mode in enumerate(("practice", "assessment")):
                test = tests[_pick(learner.employee_no, row.slug, mode) % len(tests)]
                when = now - timedelta(days=10 - 3 * offset, minutes=_pick(learner.employee_no) % 600)
                try:
                    services.record_run(learner, row, mode, list(test.path), when)
                except ChoiceError:
                    continue
                count += 1
    return f"{count} calls" if count else ""
