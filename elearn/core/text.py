"""Small text helpers shared by the domains."""

from __future__ import annotations

import re


def natural_key(text: str) -> tuple:
    """Sort key that orders numbers by value: 催收2部 before 催收10部, civil-code-577 before civil-code-1033."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
