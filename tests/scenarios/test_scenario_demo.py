"""The demo seed gives learners practice and assessment calls, once."""

from sqlalchemy import func, select

from elearn.core.clock import now
from elearn.extensions import db
from elearn.scenarios import demo
from elearn.scenarios.models import ScenarioRun


def test_demo_seed_adds_calls_once_and_leaves_the_demo_learner_alone(published, make_user):
    learners = [make_user(username=f"agent{i}") for i in range(3)]
    own = make_user(username="learner")
    assert demo.seed(now()) == "18 calls"
    db.session.commit()
    assert demo.seed(now()) == ""
    per_user = dict(db.session.execute(select(ScenarioRun.user_id, func.count()).group_by(ScenarioRun.user_id)).all())
    assert per_user == {learner.id: 6 for learner in learners} and own.id not in per_user
    finished = db.session.scalars(select(ScenarioRun.passed).where(ScenarioRun.status == "finished")).all()
    assert True in finished and False in finished


def test_pass_assessment_plays_a_passing_path_of_the_scenario(published, make_user):
    from elearn.scenarios import services

    holder = make_user(username="holder")
    when = now()
    assert demo.pass_assessment(holder, "compliant-conduct", "first-contact", when)
    assert not demo.pass_assessment(holder, "compliant-conduct", "no-such-scenario", when)
    run = db.session.scalars(select(ScenarioRun).where(ScenarioRun.user_id == holder.id)).one()
    assert (run.mode, run.passed, run.finished_at) == ("assessment", True, when)
    assert services.passed_scenarios(holder, "compliant-conduct") == {"first-contact"}
