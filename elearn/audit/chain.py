"""The hash chain of the audit log, pure: no Flask, no SQLAlchemy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


def entry_hash(prev_hash: str, at: datetime, actor: str, action: str, target: str, details: str) -> str:
    """SHA-256 over the previous hash and the entry's fields, in a fixed canonical form."""
    payload = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), actor, action, target, details],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def verify_chain(entries: Iterable) -> list[Break]:
    """Every entry whose stored hashes do not follow from the one before (edited, deleted or inserted rows)."""
    breaks = []
    prev = GENESIS
    for entry in entries:
        if entry.prev_hash != prev:
            breaks.append(Break(entry.id, "previous-hash mismatch: an entry before it was deleted or edited"))
        expected = entry_hash(entry.prev_hash, entry.at, entry.actor_name, entry.action, entry.target, entry.details)
        if entry.hash != expected:
            breaks.append(Break(entry.id, "hash mismatch: this entry was edited"))
        prev = entry.hash
    return breaks
