"""YAML with line numbers, so every content error can name file, line and field.

Pure: no flask, no sqlalchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from elearn.core.problems import Problem

Path_ = tuple[Any, ...]
# libyaml's parser when PyYAML was built with it (about 5x faster); both keep line marks on every node
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """Parsed YAML data plus the line of every mapping key and list item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path: Any) -> int:
        """Line of `path` (keys / indexes), or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], dupes: list[tuple[int, str]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            if sub in lines:
                dupes.append((key.start_mark.line + 1, f"duplicate key {key.value!r} (first on line {lines[sub]})"))
                continue
            lines[sub] = key.start_mark.line + 1
            _walk(value, sub, lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = path + (index,)
            lines[sub] = item.start_mark.line + 1
            _walk(item, sub, lines, dupes)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; a syntax error becomes a Problem at its line."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(path, line, f"invalid YAML: {reason}")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    dupes: list[tuple[int, str]] = []
    if node is not None:
        _walk(node, (), lines, dupes)
    problems = [Problem(path, line + line_offset, message) for line, message in dupes]
    if line_offset:
        lines = {k: v + line_offset for k, v in lines.items()}
    located = Located(data, lines)
    if line_offset:
        located.lines[()] = line_offset + 1
    return located, problems


def bilingual(value: Any, *, required: bool = True) -> tuple[dict[str, str] | None, str | None]:
    """Normalise a bilingual field to {"zh": ..., "en": ...}; returns (value, error)."""
    if value is None or value == "" or value == {}:
        return (None, "is required") if required else ({}, None)
    if isinstance(value, str | int | float):
        return {"zh": str(value)}, None
    if isinstance(value, Mapping):
        extra = set(value) - {"zh", "en"}
        if extra:
            return None, f"has unknown languages {sorted(map(str, extra))} (use zh and en)"
        if not value.get("zh"):
            return None, "needs a Chinese text (zh)"
        return {k: str(v) for k, v in value.items() if v not in (None, "")}, None
    return None, "must be text or a {zh, en} mapping"
