"""Prerequisites between courses: unknown slugs and cycles, reported on course.yml.

Pure: no flask, no sqlalchemy. Takes any mapping of slug -> object with `.prerequisites`.
"""

from __future__ import annotations

from collections.abc import Mapping

from elearn.core.problems import Problem


def prerequisite_problems(specs: Mapping, known: set[str] | None = None) -> list[Problem]:
    """Unknown prerequisites and prerequisite cycles, reported on course.yml."""
    known = set(specs) | (known or set())
    problems = []
    for slug, spec in sorted(specs.items()):
        for index, pre in enumerate(spec.prerequisites):
            line = _line(spec, index)
            if pre not in known:
                problems.append(Problem(f"courses/{slug}/course.yml", line, f"unknown prerequisite {pre!r}"))
            if pre == slug:
                problems.append(Problem(f"courses/{slug}/course.yml", line, "a course cannot be its own prerequisite"))
    for cycle in _cycles(specs):
        path = " -> ".join(cycle + [cycle[0]])
        spec = specs[cycle[0]]
        line = _line(spec, list(spec.prerequisites).index(cycle[1]))
        problems.append(Problem(f"courses/{cycle[0]}/course.yml", line, f"prerequisite cycle: {path}"))
    return problems


def _line(spec, index: int) -> int | None:
    lines = getattr(spec, "prerequisite_lines", ())
    return lines[index] if index < len(lines) else None


def _cycles(specs: Mapping) -> list[list[str]]:
    """Each cycle once, starting from its smallest slug (depth-first search)."""
    found: dict[tuple[str, ...], list[str]] = {}

    def visit(slug: str, stack: list[str]) -> None:
        for pre in specs[slug].prerequisites if slug in specs else ():
            if pre in stack:
                cycle = stack[stack.index(pre) :]
                start = cycle.index(min(cycle))
                key = tuple(cycle[start:] + cycle[:start])
                found.setdefault(key, list(key))
            elif pre in specs and pre != slug:
                visit(pre, stack + [pre])

    for slug in sorted(specs):
        visit(slug, [slug])
    return [c for c in found.values() if len(c) > 1]
