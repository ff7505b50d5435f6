"""Object-level access: a learner who changes the id in a URL never reaches another learner's records.

The records are made the way a learner makes them (content loaded by `flask content load`, the quiz taken and the
call played through the routes); then a second learner tries every URL that names them, and the roles that may
read them (HR for people's records, trainers for attempts and calls) are checked to get through.
"""

from __future__ import annotations

import pytest

from elearn.extensions import db
from tests.security import world

DENIED = (403, 404)


@pytest.fixture
def records(app, runner, make_user, login):
    """Learner A's quiz attempt, certificate and call, made through the routes."""
    made = world.build(app, runner, make_user, login)
    return {"owner": made.owner, "client": made.client, "urls": made.urls, "run_id": made.run_id,
            "attempt_id": made.attempt_id}


def _answers(client, urls: dict) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_the_owner_opens_every_record(records):
    answers = _answers(records["client"], records["urls"])
    assert answers == {**dict.fromkeys(records["urls"], 200), "attempt": 302}  # a finished attempt opens its review


def test_another_learner_gets_none_of_them(app, records, make_user, login):
    other = app.test_client()
    login(make_user(display_name="王小明"), client=other)
    answers = _answers(other, records["urls"])
    leaked = {name: code for name, code in answers.items() if code not in DENIED}
    assert not leaked, f"another learner reached: {leaked}"


def test_another_learner_cannot_act_on_them(app, records, make_user, login):
    """Posting to the owner's attempt or call must change nothing."""
    from elearn.quizzes.models import QuizAttempt
    from elearn.scenarios.models import ScenarioRun

    other = app.test_client()
    login(make_user(), client=other)
    run, attempt = records["run_id"], records["attempt_id"]
    before = db.session.get(ScenarioRun, run).status
    posts = [f"/quizzes/attempt/{attempt}/save", f"/quizzes/attempt/{attempt}/submit",
             f"/scenarios/runs/{run}/turn", f"/scenarios/runs/{run}/back", f"/scenarios/runs/{run}/hang-up"]
    codes = {url: other.post(url, data={"option": "state-facts"}).status_code for url in posts}
    assert all(code in DENIED for code in codes.values()), codes
    db.session.expire_all()
    assert db.session.get(ScenarioRun, run).status == before
    assert db.session.get(QuizAttempt, attempt).user_id == records["owner"].id


@pytest.mark.parametrize("role, readable", [
    ("hr", ("transcript", "transcript_pdf", "certificate", "certificate_pdf", "badge", "debrief", "calls", "person")),
    ("trainer", ("review", "debrief", "calls", "transcript")),
])
def test_the_roles_that_may_read_them_can(app, records, make_user, login, role, readable):
    client = app.test_client()
    login(make_user(role=role), client=client)
    answers = _answers(client, {name: records["urls"][name] for name in readable})
    assert answers == dict.fromkeys(readable, 200)


def test_a_trainer_cannot_open_people_records_beyond_coaching(app, records, make_user, login):
    client = app.test_client()
    login(make_user(role="trainer"), client=client)
    urls = {name: records["urls"][name] for name in ("certificate", "certificate_pdf", "badge", "person")}
    answers = _answers(client, urls)
    assert all(code in DENIED for code in answers.values()), answers
