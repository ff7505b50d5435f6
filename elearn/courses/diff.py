"""Readable differences between two course versions, file by file.

Pure: works on the file texts a version would export (course.yml and each
lesson), so a trainer reads the diff in the same format they author in.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    """One line of a unified diff: kind is "context", "added", "removed" or "gap"."""

    kind: str
    old_no: int | None
    new_no: int | None
    text: str


@dataclass(frozen=True)
class FileDiff:
    """The changes of one file; status is "added", "removed" or "changed"."""

    name: str
    status: str
    lines: tuple[DiffLine, ...]

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == "removed")


def _hunk_lines(old: list[str], new: list[str], context: int) -> list[DiffLine]:
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if index:
            out.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [DiffLine("context", i1 + k + 1, j1 + k + 1, old[i1 + k]) for k in range(i2 - i1)]
                continue
            out += [DiffLine("removed", i + 1, None, old[i]) for i in range(i1, i2)]
            out += [DiffLine("added", None, j + 1, new[j]) for j in range(j1, j2)]
    return out


def diff_files(old: dict[str, str], new: dict[str, str], context: int = 3) -> list[FileDiff]:
    """Compare two {file name: text} maps; unchanged files are left out.

    Files keep the order of `new` (course.yml first), then removed files.
    """
    names = list(new) + [name for name in old if name not in new]
    diffs = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        lines = _hunk_lines((before or "").splitlines(), (after or "").splitlines(), context)
        diffs.append(FileDiff(name, status, tuple(lines)))
    return diffs
