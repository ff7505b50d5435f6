"""Item analysis of a quiz version over the attempts that count (service over the pure `stats` module)."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select

from elearn.extensions import db
from elearn.quizzes.bank import QuizSpec
from elearn.quizzes.models import QuizAttempt, QuizVersion
from elearn.quizzes.services import counted_grade
from elearn.quizzes.stats import AttemptRow, QuizStats, quiz_stats, response_frequencies


def counted_attempts(version: QuizVersion) -> list[QuizAttempt]:
    """Graded attempts on this version that count: one per learner by the grading method, or all (average)."""
    attempts = list(db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.quiz_version_id == version.id, QuizAttempt.status == "graded")
        .order_by(QuizAttempt.user_id, QuizAttempt.number)
    ))
    spec = version.to_spec()
    if spec.grading == "average":
        return attempts
    by_user: dict[int, list[QuizAttempt]] = {}
    for attempt in attempts:
        by_user.setdefault(attempt.user_id, []).append(attempt)
    return [counted_grade(spec, rows)[1] for rows in by_user.values()]


def _frequencies(spec: QuizSpec, attempts: list[QuizAttempt]) -> dict[str, list[tuple[str, int, float | None]]]:
    """Per question: (response label, count, share of the points it earns where known)."""
    out = {}
    for q in spec.questions:
        if not q.graded or q.type == "essay":
            continue
        counts = response_frequencies(q, [a.responses.get(q.id) for a in attempts if q.id in a.marks])
        credit = {o.key: o.fraction for o in q.options}
        out[q.id] = [(label, n, credit.get(label)) for label, n in counts.most_common()]
    return out


def report(version: QuizVersion) -> dict[str, Any]:
    """Quiz statistics, per-question statistics and response frequencies for the analysis page."""
    spec = version.to_spec()
    attempts = counted_attempts(version)
    rows = [AttemptRow(dict(a.marks), a.max_score or 0.0, {s["slot"]: s["q"] for s in a.layout if s.get("slot")})
            for a in attempts]
    stats: QuizStats = quiz_stats(spec.questions, rows)
    questions = {q.id: q for q in spec.questions}
    return {"stats": stats, "questions": questions, "frequencies": _frequencies(spec, attempts),
            "grading": spec.grading}


CSV_COLUMNS = ("question", "name", "type", "max_mark", "attempts", "facility_%", "sd_%", "random_guess_score_%",
               "intended_weight_%", "effective_weight_%", "discrimination_index_%", "discriminative_efficiency_%",
               "flags")


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def report_csv(version: QuizVersion) -> str:
    """The per-question table and the quiz figures as CSV (UTF-8 with BOM, so Excel reads Chinese)."""
    data = report(version)
    stats, questions = data["stats"], data["questions"]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for st in stats.questions:
        writer.writerow([st.qid, questions[st.qid].name, questions[st.qid].type, _fmt(st.max_mark), st.count,
                         _fmt(st.facility), _fmt(st.sd), _fmt(st.random_guess), _fmt(st.intended_weight),
                         _fmt(st.effective_weight), _fmt(st.discrimination), _fmt(st.efficiency),
                         " ".join(st.flags)])
    writer.writerow([])
    for name in ("count", "mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio", "standard_error"):
        value = getattr(stats, name)
        writer.writerow([name, value if isinstance(value, int) else _fmt(value)])
    writer.writerow(["cic_basis", stats.cic_basis])   # questions, slots (pool-drawing quiz) or why it is blank
    return out.getvalue()
