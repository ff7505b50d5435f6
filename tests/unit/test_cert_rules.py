"""Certification rule evaluation: pure, with fakes of the courses, quizzes and scenarios interfaces."""

from types import SimpleNamespace

import pytest

from elearn.certificates.rules import Facts, Missing, Rule, evaluate, gather_facts, rule_from_mapping

FULL = Rule(lessons="all", quiz="contract-repayment", scenarios=("first-contact", "hardship"))


def test_everything_done_meets_the_rule():
    facts = Facts(5, 5, True, 90.0, 7, frozenset({"first-contact", "hardship", "extra"}))
    assert evaluate(FULL, facts).met
    assert evaluate(FULL, facts).missing == ()


def test_missing_items_are_listed_in_rule_order():
    facts = Facts(3, 5, False, 40.0, 2, frozenset({"hardship"}))
    result = evaluate(FULL, facts)
    assert not result.met
    assert result.missing == (
        Missing("lessons", done=3, total=5),
        Missing("quiz", key="contract-repayment"),
        Missing("scenario", key="first-contact"),
    )


def test_a_course_without_lessons_published_is_never_met_by_lessons_alone():
    assert not evaluate(Rule(), Facts(0, 0)).met


def test_rule_without_quiz_or_scenarios_needs_only_lessons():
    assert evaluate(Rule(), Facts(2, 2)).met


def test_named_lessons_use_per_file_progress_when_known():
    rule = Rule(lessons=("01-a.md", "03-c.md"))
    done = frozenset({"01-a", "03-c"})
    assert evaluate(rule, Facts(2, 3, lessons_completed=done)).met
    assert not evaluate(rule, Facts(2, 3, lessons_completed=frozenset({"01-a", "02-b"}))).met
    assert not evaluate(rule, Facts(2, 3)).met  # unknown per-file progress: every lesson is needed
    assert evaluate(rule, Facts(3, 3)).met


def test_the_courses_domains_completed_flag_decides_when_given():
    assert evaluate(Rule(lessons=("01-a.md",)), Facts(1, 3, lessons_complete=True)).met
    assert not evaluate(Rule(), Facts(3, 3, lessons_complete=False)).met


def test_rule_from_course_yml_mapping():
    rule = rule_from_mapping({"lessons": "all", "quiz": "q1", "scenarios": ["a", "b"], "validity_days": 180})
    assert rule == Rule("all", "q1", ("a", "b"), 180)
    assert rule_from_mapping(None) == Rule("all", None, (), 365)
    assert rule_from_mapping({"lessons": ["01-a.md"]}).lessons == ("01-a.md",)


def test_rule_from_the_courses_certification_object():
    spec = SimpleNamespace(lessons=("01-a.md",), quiz="q", scenarios=("s",), validity_days=90)
    assert rule_from_mapping(spec) == Rule(("01-a.md",), "q", ("s",), 90)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"lessons": "some"}, "lessons"),
        ({"lessons": [1, 2]}, "lessons"),
        ({"scenarios": "first-contact"}, "scenarios"),
        ({"validity_days": 0}, "validity_days"),
        ({"validity_days": "365"}, "validity_days"),
    ],
)
def test_bad_rule_names_the_field(data, field):
    with pytest.raises(ValueError, match=field):
        rule_from_mapping(data)


def test_gather_facts_asks_only_what_the_rule_needs():
    calls = []

    def progress(user, version):
        calls.append("progress")
        return SimpleNamespace(lessons_done=4, lessons_total=4, completed=True, done_slugs=frozenset({"01-a"}))

    def quiz(user, slug):
        calls.append(("quiz", slug))
        return SimpleNamespace(passed=True, grade_percent=85.0, attempt_id=11)

    def scenarios(user, course_slug):
        calls.append(("scenarios", course_slug))
        return {"first-contact", "hardship"}

    kwargs = {"course_progress": progress, "quiz_result": quiz, "passed_scenarios": scenarios}
    facts = gather_facts("u", "contract", "v", FULL, **kwargs)
    assert facts == Facts(4, 4, True, 85.0, 11, frozenset({"first-contact", "hardship"}), frozenset({"01-a"}), True)
    assert evaluate(FULL, facts).met

    calls.clear()
    facts = gather_facts("u", "contract", "v", Rule(), **kwargs)
    assert calls == ["progress"]
    assert facts.quiz_percent is None


def test_gather_facts_with_no_quiz_attempt_yet():
    facts = gather_facts(
        "u",
        "c",
        "v",
        Rule(quiz="q"),
        course_progress=lambda u, v: SimpleNamespace(lessons_done=1, lessons_total=1),
        quiz_result=lambda u, s: None,
        passed_scenarios=lambda u, c: set(),
    )
    assert evaluate(Rule(quiz="q"), facts).missing == (Missing("quiz", key="q"),)
