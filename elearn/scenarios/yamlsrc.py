"""YAML with line numbers: every mapping and list remembers where its items start.

Content errors must name ``file:line``; plain ``yaml.safe_load`` forgets positions, so the
scenario and rules loaders parse with :func:`load_yaml`, which returns dict and list
subclasses carrying 1-based line numbers. Pure: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

import yaml


class LDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """Line of ``key`` if present, else the line of the mapping itself."""
        return self.lines.get(key, self.line)


class LList(list):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        """Line of item ``index`` if known, else the line of the list itself."""
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


# The C parser (libyaml) when PyYAML has it: about ten times faster on long scenario files.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BASE):
    """Safe loader that builds LDict/LList with positions."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)
    result = LDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


QUOTE_HINT = ("; put text that contains ': ', ', ', '? ' or ' #' in quotes, "
              'e.g. en: "Hello? Who is this?"')
NEEDS_QUOTES = ("expected ',' or '}'", "expected ',' or ']'", "mapping values are not allowed")


def load_yaml(text: str) -> Any:
    """Parse ``text`` into LDict/LList/scalars; raise YamlError with the failing line.

    The commonest author mistake (English text with a colon or comma inside ``{zh: ..., en: ...}``)
    gets a hint on how to quote it.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = exc.problem or str(exc)
        if any(marker in message for marker in NEEDS_QUOTES):
            message += QUOTE_HINT
        raise YamlError(message, line) from exc
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), 1) from exc
