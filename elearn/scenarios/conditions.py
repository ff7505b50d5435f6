"""The condition mini-language of scenario options: ``flags.hardship and trust >= 1``.

Grammar (lowest precedence first)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := atom (("<" | "<=" | ">" | ">=" | "==" | "!=") atom)?
    atom    := number | "true" | "false" | name | "(" expr ")"
    name    := "mood" | "trust" | "flags." identifier

Conditions are parsed once at load time into a small tree of tuples, so evaluation needs no
``eval`` and the validator can list the state names a condition uses. Pure module.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|==|!=|<|>)|(?P<paren>[()])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?))"
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_KEYWORDS = {"and", "or", "not", "true", "false"}


class ConditionError(ValueError):
    """A condition that cannot be parsed; the message says what and where."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition: its source text, its tree and the state names it reads."""

    source: str
    tree: tuple
    names: frozenset[str]

    def evaluate(self, env: Mapping[str, Any]) -> bool:
        """True when the condition holds for ``env`` (``mood``, ``trust``, ``flags.x``)."""
        return bool(_eval(self.tree, env))


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ConditionError(f"unexpected {text[pos:].strip()[:12]!r} at column {pos + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ConditionError("the condition ends too early")
        self.pos += 1
        return token

    def keyword(self, word: str) -> bool:
        if self.peek() == ("name", word):
            self.pos += 1
            return True
        return False

    def expr(self) -> tuple:
        node = self.conj()
        while self.keyword("or"):
            node = ("or", node, self.conj())
        return node

    def conj(self) -> tuple:
        node = self.neg()
        while self.keyword("and"):
            node = ("and", node, self.neg())
        return node

    def neg(self) -> tuple:
        if self.keyword("not"):
            return ("not", self.neg())
        return self.compare()

    def compare(self) -> tuple:
        left = self.atom()
        token = self.peek()
        if token and token[0] == "op":
            self.pos += 1
            return ("cmp", token[1], left, self.atom())
        return left

    def atom(self) -> tuple:
        kind, value = self.take()
        if kind == "num":
            return ("const", float(value) if "." in value else int(value))
        if kind == "paren" and value == "(":
            node = self.expr()
            if self.take() != ("paren", ")"):
                raise ConditionError("missing ')'")
            return node
        if kind == "name" and value in ("true", "false"):
            return ("const", value == "true")
        if kind == "name" and value not in _KEYWORDS:
            return ("var", value)
        raise ConditionError(f"unexpected {value!r}")


def parse(text: str) -> Condition:
    """Parse ``text``; raise ConditionError with a readable reason when it is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("a condition must be a non-empty string")
    parser = _Parser(_tokenize(text))
    tree = parser.expr()
    if parser.peek() is not None:
        raise ConditionError(f"unexpected {parser.peek()[1]!r} after a complete condition")
    return Condition(text, tree, frozenset(_names(tree)))


def _names(tree: tuple) -> set[str]:
    if tree[0] == "var":
        return {tree[1]}
    if tree[0] == "const":
        return set()
    children = tree[2:] if tree[0] == "cmp" else tree[1:]
    return set().union(*(_names(child) for child in children))


def _eval(tree: tuple, env: Mapping[str, Any]) -> Any:
    kind = tree[0]
    if kind == "const":
        return tree[1]
    if kind == "var":
        return env[tree[1]]
    if kind == "not":
        return not _eval(tree[1], env)
    if kind == "and":
        return _eval(tree[1], env) and _eval(tree[2], env)
    if kind == "or":
        return _eval(tree[1], env) or _eval(tree[2], env)
    return _COMPARE[tree[1]](_eval(tree[2], env), _eval(tree[3], env))
