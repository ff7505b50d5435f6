"""Masking of personal identifiers: we practise the minimum-data rules we teach."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Keep the first character of a name (the family name in Chinese), mask the rest.

    张伟 -> 张*, 欧阳娜娜 -> 欧***, Alice Smith -> A**** S****.
    """
    name = (name or "").strip()
    if not name:
        return ""
    if " " in name:
        return " ".join(part[0] + "*" * (len(part) - 1) for part in name.split())
    chars = list(name)  # code points, so a rare character outside the BMP counts once
    if len(chars) == 1:
        return "*"
    return chars[0] + "*" * (len(chars) - 1)


def mask_card(last4: str) -> str:
    """A card shown by its last four digits only."""
    digits = "".join(ch for ch in str(last4) if ch.isdigit())[-4:]
    return f"**** **** **** {digits}" if digits else "****"


def mask_employee_no(employee_no: str) -> str:
    """Show the last three characters of an employee number, for public pages."""
    value = (employee_no or "").strip()
    if len(value) <= 3:
        return "*" * len(value)
    return "*" * (len(value) - 3) + value[-3:]
