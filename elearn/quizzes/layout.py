"""Drawing and shuffling the questions of a new attempt (pure).

The layout is stored with the attempt, so a reload shows the same questions in the same order.
"""

from __future__ import annotations

import random
from typing import Any

from elearn.quizzes.bank import Question, QuizSpec


def draw_questions(spec: QuizSpec, rng: random.Random) -> list[Question]:
    """The questions of one attempt: every question, or N per draw rule from the tagged pools.

    A question is drawn at most once even if it carries the tags of several rules; the result keeps
    file order unless the quiz shuffles questions.
    """
    if spec.draw:
        chosen: list[Question] = []
        for rule in spec.draw:
            pool = [q for q in spec.questions if rule.tag in q.tags and q not in chosen]
            chosen.extend(rng.sample(pool, min(rule.count, len(pool))))
        position = {q.id: i for i, q in enumerate(spec.questions)}
        questions = sorted(chosen, key=lambda q: position[q.id])
    else:
        questions = list(spec.questions)
    if spec.shuffle_questions:
        rng.shuffle(questions)
    return questions


def display_order(question: Question, shuffle_options: bool, rng: random.Random) -> list[str]:
    """The order in which the parts of a question are shown, as keys the grader understands.

    Matching answers and ordering items are always shuffled (their file order is the answer);
    options only when the quiz asks for it.
    """
    if question.type in ("single", "multiple"):
        keys = [o.key for o in question.options]
        if shuffle_options:
            rng.shuffle(keys)
        return keys
    if question.type == "matching":
        return _shuffled(len(question.right_choices()), rng)
    if question.type == "ordering":
        return _shuffled(len(question.items), rng)
    return []


def _shuffled(size: int, rng: random.Random) -> list[str]:
    keys = [str(i) for i in range(size)]
    identity = list(keys)
    for _ in range(10):
        rng.shuffle(keys)
        if keys != identity or size < 2:
            break
    return keys


def build_layout(spec: QuizSpec, rng: random.Random) -> list[dict[str, Any]]:
    """The stored layout of a new attempt: [{"q": question id, "order": [keys]}]."""
    return [
        {"q": q.id, "order": display_order(q, spec.shuffle_options, rng)}
        for q in draw_questions(spec, rng)
    ]
