"""Writing to and checking the audit log."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, text

from elearn.audit.chain import GENESIS, Break, entry_hash, verify_chain
from elearn.audit.models import AuditEntry
from elearn.extensions import db


def record(actor, action: str, target: str, details: dict, now: datetime) -> AuditEntry:
    """Append an entry (who, what, which record, details such as filters) chained to the previous one.

    The row is inserted first so that SQLite holds its write lock while the chain is read; PostgreSQL
    takes a transaction-level advisory lock, so concurrent requests on several hosts never fork the chain.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(727401)"))
    entry = AuditEntry(
        at=now, actor_id=getattr(actor, "id", None), actor_name=_actor_name(actor), action=action,
        target=target, details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash="", hash="",
    )
    db.session.add(entry)
    db.session.flush()
    previous = db.session.scalars(
        select(AuditEntry.hash).where(AuditEntry.id < entry.id).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry.prev_hash = previous or GENESIS
    entry.hash = entry_hash(entry.prev_hash, entry.at, entry.actor_name, action, target, entry.details)
    db.session.flush()
    return entry


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    return f"{actor.username} ({actor.display_name})"


def verify() -> list[Break]:
    """Walk the whole log in order; an empty list means it is intact."""
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000)
    return verify_chain(entries)
