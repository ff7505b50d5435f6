"""Two requests for the same turn never both apply, and turns are rate-limited per user."""

import threading

import pytest

from elearn.auth.models import User
from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios import services
from elearn.scenarios.models import ScenarioRun

FETCH = {"X-Requested-With": "fetch"}


def _start(client, mode="practice"):
    client.get("/scenarios/compliant-conduct/first-contact/")
    response = client.post(f"/scenarios/compliant-conduct/first-contact/start/{mode}")
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_a_form_from_an_earlier_revision_is_refused_with_409(client, login, make_user, published):
    login(make_user())
    run_id = _start(client)
    at = str(db.session.get(ScenarioRun, run_id).revision)
    first = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify", "at": at}, headers=FETCH)
    again = client.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify", "at": at}, headers=FETCH)
    assert first.status_code == 200 and "html" in first.get_json()
    assert again.status_code == 409 and "已经往下进行" in again.get_json()["error"]
    assert 'role="status"' in again.get_json()["html"] and "已经往下进行" in again.get_json()["html"]
    back = client.post(f"/scenarios/runs/{run_id}/back", data={"at": at}, headers=FETCH)
    assert back.status_code == 409
    run = db.session.get(ScenarioRun, run_id)
    assert run.choices == ["identify"] and int(at) < run.revision


def test_a_change_stored_after_the_run_was_read_is_not_overwritten(make_user, published):
    """The UPDATE is conditional on the revision read: a write in between makes this one apply nothing."""
    user = make_user()
    run = services.start_run(user, published["first-contact"], "practice", now())
    db.session.commit()
    seen = run.revision
    with db.engine.begin() as other:  # another request stores a turn in between
        other.execute(db.update(ScenarioRun).where(ScenarioRun.id == run.id)
                      .values(revision=ScenarioRun.revision + 1, choices=["identify-no-recording"]))
    with pytest.raises(services.RunMovedOn):
        services.take_turn(run, "identify", user, now())
    db.session.rollback()
    run = db.session.get(ScenarioRun, run.id)
    assert run.choices == ["identify-no-recording"] and run.revision == seen + 1


@pytest.mark.postgres_only
def test_simultaneous_turns_on_one_run_apply_once(app, make_user, published):
    """Threads that have all read the run race to store a turn: one wins, the others get RunMovedOn."""
    user = make_user()
    run_id, user_id = services.start_run(user, published["first-contact"], "practice", now()).id, user.id
    db.session.commit()
    threads, barrier, outcomes = 4, threading.Barrier(4), []

    def attempt(choice):
        with app.app_context():
            run, actor = db.session.get(ScenarioRun, run_id), db.session.get(User, user_id)
            services.play(run)  # read everything before anyone writes
            barrier.wait(timeout=10)
            try:
                services.take_turn(run, choice, actor, now())
                db.session.commit()
                outcomes.append(choice)
            except services.RunMovedOn:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    workers = [threading.Thread(target=attempt, args=(c,))
               for c in ("identify", "identify-no-recording", "identify", "blurt")[:threads]]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes).count("refused") == threads - 1
    db.session.expire_all()
    run = db.session.get(ScenarioRun, run_id)
    assert run.choices == [next(o for o in outcomes if o != "refused")] and len(run.steps) == 1


@pytest.mark.postgres_only
def test_simultaneous_posts_of_one_turn_through_http_apply_once(app, login, make_user, published):
    """The same turn posted at once from four signed-in clients (a double click, several tabs)."""
    user = make_user()
    clients = [app.test_client() for _ in range(4)]
    for each in clients:
        login(user, client=each)
    run_id = _start(clients[0])
    at = str(db.session.get(ScenarioRun, run_id).revision)
    barrier, statuses = threading.Barrier(len(clients)), []

    def post(each):
        barrier.wait(timeout=10)
        response = each.post(f"/scenarios/runs/{run_id}/turn", data={"option": "identify", "at": at}, headers=FETCH)
        statuses.append(response.status_code)

    workers = [threading.Thread(target=post, args=(each,)) for each in clients]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(statuses) == [200, 409, 409, 409]
    db.session.expire_all()
    assert db.session.get(ScenarioRun, run_id).choices == ["identify"]


def test_turns_are_rate_limited_per_user(app_factory, make_user, published):
    limited = app_factory(RATELIMIT_ENABLED=True, SCENARIO_TURN_RATE_LIMIT="3 per minute")
    with limited.app_context():
        first, second = limited.test_client(), limited.test_client()
        for each, user in ((first, make_user()), (second, make_user())):
            each.post("/auth/login", data={"username": user.username, "password": "test-password-1"})
        run_id = _start(first)
        codes = [first.post(f"/scenarios/runs/{run_id}/turn", data={"option": "nope"}, headers=FETCH).status_code
                 for _ in range(4)]
        assert codes == [400, 400, 400, 429]
        body = first.post(f"/scenarios/runs/{run_id}/turn", data={"option": "nope"}, headers=FETCH).get_json()
        assert "稍等" in body["error"] and "稍等" in body["html"] and "call-transcript" in body["html"]
        plain = first.post(f"/scenarios/runs/{run_id}/turn", data={"option": "nope"})
        assert plain.status_code == 302 and plain.headers["Location"].endswith(f"/scenarios/runs/{run_id}")
        other_run = _start(second)  # another user has a budget of their own
        response = second.post(f"/scenarios/runs/{other_run}/turn", data={"option": "identify"}, headers=FETCH)
        assert response.status_code == 200
