"""The shipped quiz banks: at least 30 questions and four types each, every question explained and cited, the
engine's correct response scores full marks, and the draw gives each attempt a different set of questions."""

import random
from pathlib import Path

import pytest

from elearn.courses.references import load_references
from elearn.quizzes.content import parse_quiz
from elearn.quizzes.grading import correct_response, grade
from elearn.quizzes.layout import draw_slots

ROOT = Path(__file__).resolve().parents[2]
BANKS = ["contract-repayment", "consumer-rights", "privacy-pipl", "compliant-conduct", "communication-negotiation"]
REFS, _ = load_references(ROOT)


def _bank(slug):
    path = ROOT / "quizzes" / f"{slug}.yml"
    spec, problems = parse_quiz(path.read_text(encoding="utf-8"), slug, str(path), REFS)
    assert problems == [], problems
    return spec


@pytest.mark.parametrize("slug", BANKS)
def test_bank_size_types_and_citations(slug):
    spec = _bank(slug)
    graded = [q for q in spec.questions if q.type not in ("description", "essay")]
    assert len(graded) >= 30
    assert len({q.type for q in graded}) >= 4
    assert spec.course == slug
    for q in graded:
        assert q.explanation.strip(), q.id
        assert q.law, q.id
        assert all(ref in REFS and REFS[ref].status != "repealed" for ref in q.law), q.id


@pytest.mark.parametrize("slug", BANKS)
def test_the_correct_response_scores_full_marks(slug):
    for q in _bank(slug).questions:
        if q.type in ("description", "essay"):
            continue
        assert grade(q, correct_response(q)).score == pytest.approx(q.points), q.id


@pytest.mark.parametrize("slug", BANKS)
def test_two_attempts_draw_different_questions(slug):
    spec = _bank(slug)
    first = {q.id for q, _ in draw_slots(spec, random.Random(1))}
    second = {q.id for q, _ in draw_slots(spec, random.Random(2))}
    assert 10 <= len(first) < len(spec.questions)
    assert first != second
