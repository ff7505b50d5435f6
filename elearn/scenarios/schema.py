"""Frozen dataclasses for compliance rules and call scenarios, as loaded from files.

These are the values the pure engine runs on; the loader in ``content.py`` builds them and the
database stores the source text they were built from. Pure: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from elearn.scenarios.conditions import Condition

SKILLS = ("compliance", "accuracy", "empathy", "negotiation", "call_control")
SEVERITIES = ("critical", "major", "minor")
OUTCOMES = (
    "payment_promised",
    "plan_agreed",
    "callback",
    "dispute_logged",
    "complaint",
    "escalation",
    "hang_up",
)
ANSWERERS = ("debtor", "relative", "employer", "colleague")
HANG_UP = "hang-up"


@dataclass(frozen=True)
class Text:
    """A bilingual text: Chinese first, English optional."""

    zh: str
    en: str = ""

    def pick(self, locale: str | None) -> str:
        """The text in ``locale`` (``en`` or ``zh...``), falling back to Chinese."""
        if locale and locale.startswith("en") and self.en:
            return self.en
        return self.zh

    def __str__(self) -> str:
        return self.zh


@dataclass(frozen=True)
class Rule:
    """A compliance rule from ``courses/_rules.yml``."""

    code: str
    title: Text
    severity: str
    explain: Text
    law: tuple[str, ...]
    patterns: tuple[re.Pattern, ...] = ()
    line: int = 0
    unless: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Persona:
    """Who the agent calls; only masked data is ever shown."""

    name: str
    card_last4: str
    amount: float
    days_overdue: int
    situation: Text
    answered_by: str


@dataclass(frozen=True)
class Call:
    """When the call is placed, in the debtor's local time."""

    local_time: str
    allowed_hours: tuple[str, str]
    agreed_time: bool = False


@dataclass(frozen=True)
class Skill:
    cap: int
    threshold: int


@dataclass(frozen=True)
class Move:
    """What a choice does: where it leads, what it changes, scores and rules it touches."""

    id: str
    next: str
    line: int = 0
    text: Text | None = None
    when: Condition | None = None
    set: tuple[tuple[str, object], ...] = ()
    scores: tuple[tuple[str, int], ...] = ()
    feedback: Text | None = None
    violations: tuple[str, ...] = ()
    honours: tuple[str, ...] = ()
    match: tuple[re.Pattern, ...] = ()
    say: Text | None = None
    next_line: int = 0


@dataclass(frozen=True)
class FreeText:
    """A node where the trainee types: intents route the reply, the fallback catches the rest.

    ``allow`` lists rule codes not checked here (e.g. P1 once the debtor is verified).
    """

    prompt: Text
    intents: tuple[Move, ...]
    fallback: Move
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    say: Text
    line: int = 0
    options: tuple[Move, ...] = ()
    free_text: FreeText | None = None
    ending: str | None = None


@dataclass(frozen=True)
class ScenarioTest:
    """An author's test: a path of choices and what must come out of it."""

    name: str
    path: tuple[object, ...]
    expect_ending: str | None = None
    expect_outcome: str | None = None
    expect_passed: bool | None = None
    expect_violations: tuple[str, ...] | None = None
    line: int = 0


@dataclass(frozen=True)
class Scenario:
    """A whole call scenario, ready for :mod:`elearn.scenarios.engine`."""

    id: str
    course: str
    path: str
    title: Text
    summary: Text
    persona: Persona
    call: Call
    mood: int
    trust: int
    flags: tuple[tuple[str, bool], ...]
    skills: dict[str, Skill]
    start: str
    nodes: dict[str, Node]
    tests: tuple[ScenarioTest, ...] = ()
    max_turns: int = 40
    law: tuple[str, ...] = field(default=())

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes.values() if node.ending)
