"""QuizSpec -> the quiz file format of docs/authoring.md (pure), for the editor and `content export`."""

from __future__ import annotations

from typing import Any

import yaml

from elearn.quizzes.bank import Question, QuizSpec


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _pct(fraction: float) -> int | float:
    return _num(round(fraction * 100, 5))


def _options(question: Question) -> list[dict[str, Any]]:
    out = []
    for option in question.options:
        item: dict[str, Any] = {"text": option.text}
        if question.type == "single" and option.fraction in (0.0, 1.0):
            if option.fraction == 1.0:
                item["correct"] = True
        else:
            item["weight"] = _pct(option.fraction)
        if option.feedback:
            item["feedback"] = option.feedback
        out.append(item)
    return out


def _numeric(question: Question) -> dict[str, Any]:
    answers = []
    for a in question.numeric:
        item: dict[str, Any] = {"value": "*"} if a.value is None else {"value": _num(a.value),
                                                                     "tolerance": _num(a.tolerance)}
        if a.fraction != 1.0:
            item["weight"] = _pct(a.fraction)
        if a.feedback:
            item["feedback"] = a.feedback
        answers.append(item)
    return {"answer": answers[0]} if len(answers) == 1 and "weight" not in answers[0] else {"answers": answers}


def _short(question: Question) -> list[Any]:
    out = []
    for a in question.accepted:
        if a.fraction == 1.0 and not a.feedback:
            out.append(a.text)
        else:
            item: dict[str, Any] = {"text": a.text, "weight": _pct(a.fraction)}
            if a.feedback:
                item["feedback"] = a.feedback
            out.append(item)
    return out


def _type_fields(question: Question) -> dict[str, Any]:
    kind = question.type
    if kind in ("single", "multiple"):
        return {"options": _options(question)}
    if kind == "truefalse":
        fields: dict[str, Any] = {"answer": question.answer}
        fields.update({k: getattr(question, k) for k in ("feedback_true", "feedback_false") if getattr(question, k)})
        return fields
    if kind == "short":
        return {"answers": _short(question)}
    if kind == "numerical":
        return _numeric(question)
    if kind == "matching":
        pairs = [{"left": p.left, "right": p.right} for p in question.pairs]
        return {"pairs": pairs, **({"distractors": list(question.distractors)} if question.distractors else {})}
    if kind == "ordering":
        return {"items": list(question.items)}
    if kind == "fill":
        return {"blanks": [list(b) for b in question.blanks]}
    return {"guidance": question.guidance} if kind == "essay" and question.guidance else {}


def question_data(question: Question) -> dict[str, Any]:
    """One question as the mapping a quiz file holds (defaults left out)."""
    data: dict[str, Any] = {"id": question.id, "type": question.type}
    if question.type != "description":
        data["points"] = _num(question.points)
    for name in ("name", "tags", "law"):
        value = getattr(question, name)
        if value:
            data[name] = list(value) if isinstance(value, tuple) else value
    if question.format != "markdown":
        data["format"] = question.format
    data["stem"] = question.stem
    data.update(_type_fields(question))
    if question.explanation:
        data["explanation"] = question.explanation
    return data


def quiz_data(spec: QuizSpec) -> dict[str, Any]:
    """The whole quiz file as a mapping, in the order of the authoring guide."""
    data: dict[str, Any] = {
        "title": dict(spec.title), "course": spec.course, "version": spec.version, "pass_mark": _num(spec.pass_mark),
        "time_limit_minutes": spec.time_limit_minutes, "max_attempts": spec.max_attempts,
        "min_wait_minutes": spec.min_wait_minutes, "grading": spec.grading,
        "shuffle_questions": spec.shuffle_questions, "shuffle_options": spec.shuffle_options,
    }
    if spec.draw:
        data["draw"] = [{"tag": r.tag, "count": r.count} for r in spec.draw]
    data["review"] = {k: getattr(spec.review, k) for k in ("score", "responses", "correct_answers", "feedback")}
    data["questions"] = [question_data(q) for q in spec.questions]
    return data


def quiz_yaml(spec: QuizSpec) -> str:
    """The quiz file text for a spec; reading it back gives the same spec."""
    return yaml.safe_dump(quiz_data(spec), allow_unicode=True, sort_keys=False, width=100)
