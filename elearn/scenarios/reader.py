"""Typed, finding-collecting access to line-aware YAML, shared by the rules and scenario loaders.

Pure module.
"""

from __future__ import annotations

import re
from typing import Any

from elearn.core.problems import Problem
from elearn.scenarios.freetext import compile_pattern
from elearn.scenarios.schema import Text
from elearn.scenarios.yamlsrc import LDict, YamlError, load_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RULE_RE = re.compile(r"^[A-Z][0-9]{1,2}$")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
MOVE_KEYS = {"id", "text", "next", "when", "set", "scores", "feedback", "violations", "honours"}


class Reader:
    """Collects problems for one file and offers typed accessors that report bad values."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, max(1, line), message))

    def mapping(self, value: Any, line: int, what: str) -> LDict | None:
        if isinstance(value, LDict):
            return value
        self.error(line, f"{what} must be a mapping")
        return None

    def keys(self, data: LDict, allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.error(data.line_of(key), f"{what}: unknown key {key!r} (known: {known})")

    def text(self, data: LDict, key: str, what: str, required: bool = True) -> Text | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(data.line, f"{what}: missing {key!r}")
            return None
        if isinstance(value, (str, int, float)) and str(value).strip():
            return Text(str(value))
        if isinstance(value, LDict) and isinstance(value.get("zh"), str) and value["zh"].strip():
            return Text(value["zh"], str(value.get("en") or ""))
        self.error(data.line_of(key), f"{what}: {key!r} must be text or {{zh: ..., en: ...}}")
        return None

    def integer(self, data: LDict, key: str, what: str, default: int | None = None) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(data.line_of(key), f"{what}: {key!r} must be a whole number")
            return default or 0
        return value

    def str_list(self, data: LDict, key: str, what: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.error(data.line_of(key), f"{what}: {key!r} must be a list of strings")
            return ()
        return tuple(str(v) for v in value)

    def patterns(self, data: LDict, key: str, what: str) -> tuple[re.Pattern, ...]:
        compiled = []
        for source in self.str_list(data, key, what):
            try:
                compiled.append(compile_pattern(source))
            except re.error as exc:
                self.error(data.line_of(key), f"{what}: bad pattern {source!r}: {exc}")
        return tuple(compiled)


def read_source(reader: Reader, text: str) -> Any:
    """Parse YAML text, recording a finding (and returning None) if it is not valid YAML."""
    try:
        return load_yaml(text)
    except YamlError as exc:
        reader.error(exc.line, f"not valid YAML: {exc}")
        return None
