"""Drawing and shuffling the questions of a new attempt (pure).

The layout is stored with the attempt, so a reload shows the same questions in the same order.
"""

from __future__ import annotations

import random
from typing import Any

from elearn.quizzes.bank import Question, QuizSpec


def draw_slots(spec: QuizSpec, rng: random.Random) -> list[tuple[Question, str]]:
    """The questions of one attempt with their slots: every question (slot ""), or N per draw rule.

    A drawn question's slot is "r.k": the k-th question drawn by the r-th rule (both from 1), so the item
    analysis can treat each slot as one item, as Moodle does for random questions. A question is drawn at
    most once even if it carries the tags of several rules; the result keeps file order unless the quiz
    shuffles questions.
    """
    if spec.draw:
        chosen: list[tuple[Question, str]] = []
        for number, rule in enumerate(spec.draw, start=1):
            taken = [q for q, _ in chosen]
            pool = [q for q in spec.questions if rule.tag in q.tags and q not in taken]
            drawn = rng.sample(pool, min(rule.count, len(pool)))
            chosen.extend((q, f"{number}.{k}") for k, q in enumerate(drawn, start=1))
        position = {q.id: i for i, q in enumerate(spec.questions)}
        pairs = sorted(chosen, key=lambda pair: position[pair[0].id])
    else:
        pairs = [(q, "") for q in spec.questions]
    if spec.shuffle_questions:
        rng.shuffle(pairs)
    return pairs


def draw_questions(spec: QuizSpec, rng: random.Random) -> list[Question]:
    """The questions of one attempt (see `draw_slots`)."""
    return [q for q, _ in draw_slots(spec, rng)]


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
    """The stored layout of a new attempt: [{"q": question id, "order": [keys]}], plus "slot" when drawn."""
    layout = []
    for question, slot in draw_slots(spec, rng):
        entry: dict[str, Any] = {"q": question.id, "order": display_order(question, spec.shuffle_options, rng)}
        if slot:
            entry["slot"] = slot
        layout.append(entry)
    return layout
