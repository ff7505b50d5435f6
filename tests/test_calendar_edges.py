"""Every role's main pages work on the days a calendar bites: 29 February, and the hours when the UTC date and
the Shanghai date differ (16:00-24:00 UTC) across a month's and a year's end.

The clock is moved with time-machine, which changes what every `datetime.now()` and `time.time()` returns, so
the whole app (assignments, due dates, certificate serials and expiry, reports) runs at that moment. A page that
did date arithmetic such as `now().replace(year=9999)` failed here with a 500 on 29 February.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from elearn.core.clock import now
from elearn.employees.assigning import assign_manual
from elearn.extensions import db
from tests.security import world

MOMENTS = {
    "29-feb": datetime(2028, 2, 29, 2, 0, tzinfo=UTC),  # 29 February in UTC and in Shanghai
    "29-feb-utc-1-mar-local": datetime(2028, 2, 29, 17, 0, tzinfo=UTC),
    "31-dec-utc-new-year-local": datetime(2026, 12, 31, 16, 30, tzinfo=UTC),
    "28-feb-utc-1-mar-local": datetime(2027, 2, 28, 16, 30, tzinfo=UTC),
}


def _pages(made) -> dict[str, list[str]]:
    owner = made.owner.id
    return {
        "learner": ["/", "/courses/", "/courses/sample-course", "/courses/sample-course/resume", "/quizzes/",
                    "/scenarios/", "/certificates/", made.urls["certificate"], made.urls["certificate_pdf"],
                    made.urls["review"], made.urls["debrief"], "/auth/account"],
        "trainer": ["/", "/courses/manage", "/quizzes/manage", "/scenarios/manage"],
        "hr": ["/", "/reports/", "/reports/dashboard", made.urls["transcript_pdf"], "/employees/", f"/employees/{owner}",
               made.urls["transcript"], "/certificates/manage", "/audit/"],
        "admin": ["/", "/admin/users"],
    }


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_main_pages_work_at_calendar_edges(app, runner, make_user, login, moment):
    with time_machine.travel(moment, tick=True):
        made = world.build(app, runner, make_user, login)
        due = now().date()
        assign_manual(None, [made.owner], "sample-course", date(due.year, due.month, due.day), now())
        db.session.commit()
        assert made.client.get(f"/verify/{made.cert_code}").status_code == 200
        failures = []
        for role, paths in _pages(made).items():
            client = made.client if role == "learner" else app.test_client()
            if role != "learner":
                login(make_user(role), client=client)
            for path in paths:
                status = client.get(path, follow_redirects=True).status_code  # resume opens a lesson
                if status != 200:
                    failures.append(f"{role} {path}: {status}")
        assert not failures, failures
