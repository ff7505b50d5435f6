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
