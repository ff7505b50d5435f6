"""Item analysis of a quiz, computed as Moodle's quiz statistics report does (pure).

s = number of attempts, X = an attempt's total mark, xᵢ = its mark on question i, Rᵢ = X − xᵢ.
Variances and covariances divide by s − 1. See shared/domain/quiz-reference.md §1.6.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from elearn.quizzes.bank import Question
from elearn.quizzes.grading import normalise

TOO_EASY = 90.0
TOO_HARD = 20.0
WEAK_DISCRIMINATION = 20.0


@dataclass(frozen=True)
class AttemptRow:
    """The marks one counted attempt earned, by question id, and the attempt's total out of `max_total`.

    `slots` maps each slot of a pool-drawing quiz ("rule.k": the k-th question drawn by draw rule `rule`)
    to the question id the attempt drew there; empty for a quiz without draw rules.
    """

    marks: Mapping[str, float]
    max_total: float
    slots: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionStats:
    qid: str
    max_mark: float
    count: int
    facility: float | None
    sd: float | None
    intended_weight: float | None
    effective_weight: float | None
    discrimination: float | None
    efficiency: float | None
    flags: tuple[str, ...] = ()
    random_guess: float | None = None


@dataclass(frozen=True)
class QuizStats:
    count: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    questions: tuple[QuestionStats, ...] = field(default_factory=tuple)
    cic_basis: str = ""


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Sample covariance (divides by s − 1); None for fewer than two values."""
    if len(xs) < 2:
        return None
    mx, my = mean(xs), mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def variance(xs: Sequence[float]) -> float | None:
    return covariance(xs, xs)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def moments(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Skewness k3/k2^1.5 and kurtosis k4/k2² with Moodle's sample-corrected moments."""
    s = len(values)
    if s < 3:
        return None, None
    avg = mean(values)
    m2, m3, m4 = (sum((v - avg) ** k for v in values) / s for k in (2, 3, 4))
    k2 = s * m2 / (s - 1)
    if k2 <= 0:
        return None, None
    k3 = s * s * m3 / ((s - 1) * (s - 2))
    skew = k3 / k2**1.5
    if s < 4:
        return skew, None
    k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
    return skew, k4 / (k2 * k2)


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return 100.0 * num / den


def question_stats(qid: str, max_mark: float, rows: Sequence[AttemptRow], quiz_total: float) -> QuestionStats:
    """Facility, SD, weights, discrimination index and discriminative efficiency of one question."""
    taken = [r for r in rows if qid in r.marks]
    xs = [float(r.marks[qid]) for r in taken]
    totals = [float(sum(r.marks.values())) for r in taken]
    rest = [t - x for t, x in zip(totals, xs, strict=True)]
    if not xs or not max_mark:
        return QuestionStats(qid, max_mark, len(xs), None, None, None, None, None, None)
    var_x, var_r, cov_xr = variance(xs), variance(rest), covariance(xs, rest)
    facility = 100.0 * mean(xs) / max_mark
    sd = 100.0 * math.sqrt(var_x) / max_mark if var_x is not None else None
    disc = _ratio(cov_xr, math.sqrt(var_x * var_r)) if var_x and var_r else None
    cov_max = covariance(sorted(xs), sorted(rest))
    eff = _ratio(cov_xr, cov_max) if cov_max else None
    intended = 100.0 * max_mark / quiz_total if quiz_total else None
    return QuestionStats(qid, max_mark, len(xs), facility, sd, intended, None, disc, eff, _flags(facility, disc))


def _flags(facility: float | None, disc: float | None) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility >= TOO_EASY:
        flags.append("too_easy")
    if facility is not None and facility <= TOO_HARD:
        flags.append("too_hard")
    if disc is not None and disc < 0:
        flags.append("negative_discrimination")
    elif disc is not None and disc < WEAK_DISCRIMINATION:
        flags.append("weak_discrimination")
    return tuple(flags)


def _effective_weights(stats: list[QuestionStats], rows: Sequence[AttemptRow]) -> list[QuestionStats]:
    """100·sqrt(Cov(xᵢ, X)) / Σ sqrt(Cov(xⱼ, X)); None (and a flag) when the covariance is negative."""
    covs = {}
    for st in stats:
        taken = [r for r in rows if st.qid in r.marks]
        covs[st.qid] = covariance([r.marks[st.qid] for r in taken], [sum(r.marks.values()) for r in taken])
    total = sum(math.sqrt(c) for c in covs.values() if c is not None and c >= 0)
    out = []
    for st in stats:
        cov = covs[st.qid]
        if cov is not None and cov < 0:
            out.append(replace(st, effective_weight=None, flags=st.flags + ("negative_covariance",)))
        else:
            weight = 100.0 * math.sqrt(cov) / total if cov is not None and total else None
            out.append(replace(st, effective_weight=weight))
    return out


def item_marks(rows: Sequence[AttemptRow], qids: Sequence[str]) -> tuple[list[dict[str, float]] | None, str]:
    """Each attempt's marks by item, as Moodle's CIC takes them, and what the items are.

    Every attempt holds every graded question: the items are the questions ("questions"). Otherwise
    (a pool-drawing quiz) the items are the slots, each holding whichever question the attempt drew there,
    as Moodle does for random questions ("slots"). Attempts whose slots are not known, or differ, give
    None with the reason "no_slots".
    """
    graded = set(qids)
    if all(graded <= set(r.marks) for r in rows):
        return [{q: float(r.marks[q]) for q in qids} for r in rows], "questions"
    slotted = [{s: q for s, q in r.slots.items() if q in graded} for r in rows]
    if not slotted or not slotted[0] or any(set(s) != set(slotted[0]) for s in slotted):
        return None, "no_slots"
    return [{s: float(r.marks.get(q, 0.0)) for s, q in slots.items()} for r, slots in zip(rows, slotted,
                                                                                        strict=True)], "slots"


def cic_detail(rows: Sequence[AttemptRow], qids: Sequence[str]) -> tuple[float | None, str]:
    """Cronbach's alpha in % = 100·p/(p−1)·(1 − ΣVar(xᵢ)/Var(X)) over the p items, and the basis or the reason.

    The basis is "questions" or "slots" (see `item_marks`); when alpha cannot be computed the second value
    says why: "few_attempts" (under 2), "few_items" (under 2), "no_variance" (every total equal), "no_slots".
    """
    if len(rows) < 2:
        return None, "few_attempts"
    items, basis = item_marks(rows, qids)
    if items is None:
        return None, basis
    p = len(items[0])
    if p < 2:
        return None, "few_items"
    var_total = variance([sum(item.values()) for item in items])
    if not var_total:
        return None, "no_variance"
    sum_var = sum(variance([item[k] for item in items]) or 0.0 for k in items[0])
    return 100.0 * p / (p - 1) * (1 - sum_var / var_total), basis


def cic(rows: Sequence[AttemptRow], qids: Sequence[str]) -> float | None:
    """Cronbach's alpha in % (None when it cannot be computed; `cic_detail` says why)."""
    return cic_detail(rows, qids)[0]


def random_guess_score(question: Question) -> float | None:
    """The expected fraction from guessing, as each Moodle question type computes it (None: not estimated).

    single: the mean of all option fractions; multiple: None ("pretty much impossible to compute");
    true/false: 0.5; matching: 1 / the number of distinct answers offered (distractors included);
    short and numerical: the fraction of the first catch-all `*` answer, else 0; fill-in-the-blank (Moodle's
    cloze of short answers): the share of blanks that accept `*`; essay and ordering: 0 (Moodle's default).
    """
    kind = question.type
    if kind == "single":
        return sum(o.fraction for o in question.options) / len(question.options) if question.options else None
    if kind == "truefalse":
        return 0.5
    if kind == "matching":
        return 1.0 / len(question.right_choices()) if question.right_choices() else None
    if kind == "short":
        return next((a.fraction for a in question.accepted if a.text.strip() == "*"), 0.0)
    if kind == "numerical":
        return next((a.fraction for a in question.numeric if a.value is None), 0.0)
    if kind == "fill":
        blanks = question.blanks
        return sum(any(ok.strip() == "*" for ok in b) for b in blanks) / len(blanks) if blanks else None
    if kind in ("essay", "ordering"):
        return 0.0
    return None


def quiz_stats(questions: Sequence[Question], rows: Sequence[AttemptRow]) -> QuizStats:
    """The whole report: quiz-level figures on attempt percentages and one QuestionStats per graded question."""
    graded = [q for q in questions if q.graded]
    quiz_total = sum(q.points for q in graded)
    per_question = [question_stats(q.id, q.points, rows, quiz_total) for q in graded]
    per_question = _effective_weights(per_question, rows)
    per_question = [replace(st, random_guess=_percent(random_guess_score(q)))
                    for st, q in zip(per_question, graded, strict=True)]
    if not rows:
        return QuizStats(0, None, None, None, None, None, None, None, None, tuple(per_question), "few_attempts")
    percents = [100.0 * sum(r.marks.values()) / r.max_total if r.max_total else 0.0 for r in rows]
    var_p = variance(percents)
    sd = math.sqrt(var_p) if var_p is not None else None
    skew, kurt = moments(percents)
    alpha, basis = cic_detail(rows, [q.id for q in graded])
    error_ratio = 100.0 * math.sqrt(1 - alpha / 100) if alpha is not None and alpha <= 100 else None
    std_error = error_ratio * sd / 100 if error_ratio is not None and sd is not None else None
    return QuizStats(len(rows), mean(percents), median(percents), sd, skew, kurt, alpha, error_ratio, std_error,
                     tuple(per_question), basis)


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else 100.0 * fraction


def response_labels(question: Question, response: Any) -> list[str]:
    """What a response counts as in the response-frequency table (option keys, normalised text, ...)."""
    if response is None or response == "" or response == []:
        return []
    if question.type == "single":
        return [str(response)]
    if question.type == "multiple":
        return [str(k) for k in response] if isinstance(response, list) else [str(response)]
    if question.type == "truefalse":
        value = response if isinstance(response, bool) else str(response).lower() == "true"
        return ["true" if value else "false"]
    if question.type in ("short", "numerical"):
        return [normalise(str(response))]
    if question.type == "fill" and isinstance(response, list):
        return [" | ".join(normalise(str(v or "")) for v in response)]
    if question.type == "matching" and isinstance(response, Mapping):
        return [f"{k}:{v}" for k, v in sorted(response.items())]
    if question.type == "ordering" and isinstance(response, list):
        return [",".join(map(str, response))]
    return []


def response_frequencies(question: Question, responses: Sequence[Any]) -> Counter:
    """How many counted attempts gave each response to a question."""
    counts: Counter = Counter()
    for response in responses:
        counts.update(response_labels(question, response))
    return counts
