"""Per-decision analytics of a scenario from its runs: which options learners pick, which rules
they break, how often they pass and where calls end. Pure module (runs come in as plain values).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from elearn.scenarios.schema import Scenario
from elearn.scenarios.validate import moves


@dataclass(frozen=True)
class RunFacts:
    """What analytics needs from a run."""

    steps: tuple[tuple[str, str, tuple[str, ...]], ...]
    finished: bool
    passed: bool | None
    ending: str | None
    outcome: str | None


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    count: int
    percent: int
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    node: str
    reached: int
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Analytics:
    runs: int
    finished: int
    passed: int
    decisions: tuple[Decision, ...]
    violations: tuple[tuple[str, int], ...]
    endings: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...] = field(default=())

    @property
    def pass_rate(self) -> int:
        return round(100 * self.passed / self.finished) if self.finished else 0


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def summarise(spec: Scenario, runs: Iterable[RunFacts], locale: str = "zh") -> Analytics:
    """Count choices per decision node, violations per run, endings and outcomes."""
    runs = list(runs)
    picks: Counter[tuple[str, str]] = Counter()
    reached: Counter[str] = Counter()
    for run in runs:
        for node, choice, _codes in run.steps:
            picks[(node, choice)] += 1
            reached[node] += 1
    decisions = tuple(_decision(spec, node, reached[node], picks, locale)
                      for node in spec.nodes if not spec.nodes[node].ending)
    broken = Counter(code for run in runs for code in {c for step in run.steps for c in step[2]})
    finished = [run for run in runs if run.finished]
    return Analytics(
        runs=len(runs),
        finished=len(finished),
        passed=sum(1 for run in finished if run.passed),
        decisions=decisions,
        violations=tuple(broken.most_common()),
        endings=tuple(Counter(run.ending or "—" for run in finished).most_common()),
        outcomes=tuple(Counter(run.outcome or "—" for run in finished).most_common()),
    )


def _decision(spec: Scenario, node_id: str, total: int, picks: Counter, locale: str) -> Decision:
    node = spec.nodes[node_id]
    known = [(m.id, (m.text.pick(locale) if m.text else m.id), m.violations) for m in moves(node)]
    known.append(("hang-up", "hang-up", ()))
    choices = tuple(
        Choice(move_id, label, picks[(node_id, move_id)], _percent(picks[(node_id, move_id)], total), codes)
        for move_id, label, codes in known
    )
    return Decision(node_id, total, choices)
