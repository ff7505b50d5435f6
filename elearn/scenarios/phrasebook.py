"""The lessons' "say this / not this" tables as a test set for the free-text grader.

Lessons put quoted phrasings in two-column tables headed like ``| 可以这样说 | 不要这样说 |``; a cell
that starts with a quotation mark is a phrasing, any other cell describes an action and is skipped. A good
grader fires on (nearly) every quoted "don't" and on none of the "do" phrasings. ``lesson_phrases``
pulls the quoted phrasings out of one lesson, ``content_phrases`` out of every lesson under a content root
(the only function here that reads files); ``measure`` runs the rules over them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from elearn.scenarios.content import display_path
from elearn.scenarios.freetext import violations_in
from elearn.scenarios.schema import Rule, Scenario

_DONT_HEAD = re.compile(r"不要这样说|不能这样说|不能说|不要说|不能这样核实|不要问|不能问")
_DO_HEAD = re.compile(r"可以这样说|可以说|可以这样核实|可以问")
_RULE_ROW = re.compile(r"^\|[\s:|-]+\|$")
_QUOTED = re.compile(r"“([^”]+)”")


@dataclass(frozen=True)
class Phrase:
    """One quoted phrasing from a lesson table: ``kind`` is "do" or "dont"."""

    kind: str
    text: str
    where: str


@dataclass(frozen=True)
class Measure:
    """How the rules did on a set of phrasings."""

    dont_total: int
    caught: tuple[Phrase, ...]
    missed: tuple[Phrase, ...]
    do_total: int
    misfired: tuple[tuple[Phrase, str], ...]

    @property
    def catch_rate(self) -> float:
        return len(self.caught) / self.dont_total if self.dont_total else 1.0

    @property
    def false_positive_rate(self) -> float:
        return len(self.misfired) / self.do_total if self.do_total else 0.0


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def lesson_phrases(text: str, where: str = "") -> list[Phrase]:
    """Quoted phrasings in the do/don't columns of every table in a lesson's Markdown."""
    lines = text.splitlines()
    found: list[Phrase] = []
    for number, line in enumerate(lines):
        if not line.startswith("|") or number + 1 >= len(lines) or not _RULE_ROW.match(lines[number + 1].strip()):
            continue
        kinds = [_column_kind(cell) for cell in _cells(line)]
        if not any(kinds):
            continue
        row = number + 2
        while row < len(lines) and lines[row].startswith("|"):
            for kind, cell in zip(kinds, _cells(lines[row]), strict=False):
                if kind and cell.startswith("“"):  # a phrasing, not a description of an action
                    found.extend(Phrase(kind, quote, f"{where}:{row + 1}") for quote in _QUOTED.findall(cell))
            row += 1
    return found


def content_phrases(root: Path) -> list[Phrase]:
    """The quoted phrasings of every numbered lesson (``courses/*/[0-9]*.md``) under content ``root``."""
    return [phrase for lesson in sorted(Path(root).glob("courses/*/[0-9]*.md"))
            for phrase in lesson_phrases(lesson.read_text(encoding="utf-8"), display_path(lesson, root))]


def scenario_phrases(scenario: Scenario) -> list[Phrase]:
    """The scripted options of a scenario as phrasings: "dont" when the option carries a violation."""
    return [Phrase("dont" if option.violations else "do", option.text.zh, f"{scenario.path}:{option.line}")
            for node in scenario.nodes.values() for option in node.options if option.text]


def _column_kind(header: str) -> str | None:
    if _DONT_HEAD.search(header):
        return "dont"
    if _DO_HEAD.search(header):
        return "do"
    return None


def measure(phrases: Iterable[Phrase], rules: Iterable[Rule]) -> Measure:
    """Which "don't" phrasings some rule catches, and which "do" phrasings some rule fires on."""
    rules = tuple(rules)
    caught, missed, misfired = [], [], []
    dont_total = do_total = 0
    for phrase in phrases:
        hits = violations_in(phrase.text, rules)
        if phrase.kind == "dont":
            dont_total += 1
            (caught if hits else missed).append(phrase)
        else:
            do_total += 1
            if hits:
                misfired.append((phrase, ",".join(f"{h.code}:{h.words}" for h in hits)))
    return Measure(dont_total, tuple(caught), tuple(missed), do_total, tuple(misfired))
