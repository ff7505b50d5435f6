"""Demo calls for `flask demo seed`: learners have practised and sat the shipped scenarios.

Each learner plays paths taken from the scenario's own `tests:` (compliant and failing ones), picked by a
stable hash of their employee number, so the analytics page has real distributions. Idempotent: a learner
with any run is left alone. `learner` and `learner2` get none, to play themselves. No learning event is sent.

`pass_assessment` is the certificates demo's way to give the holder of a demo certificate a real passed
assessment call (so `learner` has the ones his certificate needs, on that course only).
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


def pass_assessment(user: User, course_slug: str, slug: str, when: datetime) -> bool:
    """Play one of the scenario's own passing `tests:` paths (chosen by a stable hash) in assessment mode
    at `when`, without announcing it; False when the scenario is not published or has no passing path.
    Raises ChoiceError if that path no longer plays (`content check` runs every test, so it should not)."""
    row = services.find(course_slug, slug)
    if row is None or row.current_version is None:
        return False
    tests = [t for t in services.load_version(row.current_version)[0].tests if t.expect_passed]
    if not tests:
        return False
    test = tests[_pick(user.employee_no, course_slug, slug) % len(tests)]
    return bool(services.record_run(user, row, "assessment", list(test.path), when).passed)


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
