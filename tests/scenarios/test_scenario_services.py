"""Scenario services: publishing versions, playing runs, grading, signals, passed_scenarios."""

import pytest

from elearn.core.clock import now
from elearn.core.events import learning_progress
from elearn.extensions import db
from elearn.scenarios import services
from elearn.scenarios.content import ScenarioFile, parse_scenario
from elearn.scenarios.engine import ChoiceError


def play_all(run, user, choices):
    for choice in choices:
        services.take_turn(run, choice, user, now())
    db.session.commit()
    return run


def test_publishing_the_same_text_twice_keeps_one_version(published):
    row = published["first-contact"]
    version = row.current_version
    html = version.rendered["feedback"]["open/identify"]["zh"]
    assert version.version == 1 and 'class="law-chip"' in html and "[[law:" not in html
    file = ScenarioFile(services.load_version(version)[0], version.source)
    assert services.publish_file(file, version.rules_source, None, now()) is None
    edited, problems = parse_scenario(version.source.replace("喂，哪位？", "喂，您好，哪位？"), "x", row.slug,
                                      row.course_slug)
    assert problems == []
    assert services.publish_file(edited, version.rules_source, None, now()).version == 2


def test_assessment_pass_counts_and_sends_learning_progress(published, make_user, compliant_path):
    learner = make_user()
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["course_slug"])

    learning_progress.connect(receiver)
    try:
        run = services.start_run(learner, published["first-contact"], "assessment", now())
        play_all(run, learner, compliant_path)
    finally:
        learning_progress.disconnect(receiver)
    assert run.finished and run.passed and run.outcome == "payment_promised" and run.ending == "end-promise"
    assert received == ["compliant-conduct"]
    assert services.passed_scenarios(learner, "compliant-conduct") == {"first-contact"}
    assert services.passed_scenarios(learner, "privacy-pipl") == set()


def test_practice_pass_and_failed_assessment_do_not_count(published, make_user, compliant_path):
    learner = make_user()
    practice = services.start_run(learner, published["first-contact"], "practice", now())
    play_all(practice, learner, compliant_path)
    failed = services.start_run(learner, published["first-contact"], "assessment", now())
    play_all(failed, learner, ["court-voice"])
    assert practice.passed and failed.finished and failed.passed is False
    assert failed.violations == ["D1", "D2"]
    assert services.passed_scenarios(learner, "compliant-conduct") == set()


def test_unfinished_run_resumes_and_replays(published, make_user):
    learner = make_user()
    run = services.start_run(learner, published["employer-answers"], "practice", now())
    play_all(run, learner, ["neutral-ask"])
    again = services.start_run(learner, published["employer-answers"], "practice", now())
    assert again.id == run.id
    assert services.play(again).state.node == "ask-reason"


def test_step_back_once_in_practice_only(published, make_user):
    learner = make_user()
    run = services.start_run(learner, published["hardship-installments"], "practice", now())
    play_all(run, learner, ["identify-verify", "crime-threat"])
    assert services.play(run).state.node == "distress"
    services.step_back(run, learner, now())
    assert services.play(run).state.node == "verified" and run.steps[-1][1] == "identify-verify"
    with pytest.raises(ChoiceError):
        services.step_back(run, learner, now())
    exam = services.start_run(learner, published["hardship-installments"], "assessment", now())
    play_all(exam, learner, ["identify-verify"])
    with pytest.raises(ChoiceError):
        services.step_back(exam, learner, now())


def test_bad_choices_and_other_users_are_refused(published, make_user):
    learner, other = make_user(), make_user()
    run = services.start_run(learner, published["first-contact"], "practice", now())
    with pytest.raises(ChoiceError):
        services.take_turn(run, "offer-plan", learner, now())
    with pytest.raises(ChoiceError):
        services.take_turn(run, "identify", other, now())
    assert run.choices == []


def test_free_text_violation_is_stored_with_the_run(published, make_user):
    learner = make_user()
    run = services.start_run(learner, published["employer-answers"], "assessment", now())
    play_all(run, learner, ["neutral-ask", {"text": "她信用卡逾期没还，请她回电"}, "official-number"])
    assert run.finished and run.passed is False and run.violations == ["P1"]
    assert run.steps[1][2] == ["P1"]


def test_law_chips_are_labelled_in_the_language_of_the_text(published):
    rendered = published["first-contact"].current_version.rendered
    explained = rendered["rules"]["E3"]
    assert "消费者权益保护法 第二十八条" in explained["zh"]
    assert "Consumer Rights Protection Law Art. 28" in explained["en"] and "第二十八条" not in explained["en"]
    assert rendered["format"] == 2


def test_a_version_rendered_in_an_older_format_is_rendered_again_when_shown(published):
    version = published["first-contact"].current_version
    old = {"feedback": version.rendered["feedback"],
           "rules": {code: {"zh": html["zh"], "en": html["zh"]} for code, html in version.rendered["rules"].items()}}
    version.rendered = old
    db.session.commit()
    shown = services.rendered(version)
    assert "Consumer Rights Protection Law Art. 28" in shown["rules"]["E3"]["en"]
    assert version.rendered == old  # the stored version is not rewritten
