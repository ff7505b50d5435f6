"""API client tokens: created by an admin, stored hashed, revocable; every change is audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from elearn.audit.services import record
from elearn.extensions import db
from elearn.reports import tokens
from elearn.reports.models import ApiClient


def create_client(actor, name: str, now: datetime) -> tuple[ApiClient, str]:
    """Add a client; returns it with the clear token, which is never stored and shown only once."""
    token, prefix, digest = tokens.new_token()
    client = ApiClient(name=name.strip(), token_prefix=prefix, token_hash=digest, created_at=now,
                       created_by_id=getattr(actor, "id", None))
    db.session.add(client)
    db.session.flush()
    record(actor, "api.client_created", f"api_client:{client.id}", {"name": client.name, "prefix": prefix}, now)
    return client, token


def revoke(actor, client_id: int, now: datetime) -> ApiClient | None:
    """Revoke a client's token for good (a new client is created to restore access)."""
    client = db.session.get(ApiClient, client_id)
    if client is None or client.revoked_at is not None:
        return client
    client.revoked_at = now
    record(actor, "api.client_revoked", f"api_client:{client.id}", {"name": client.name}, now)
    db.session.flush()
    return client


def authenticate(header_value: str | None, now: datetime) -> ApiClient | None:
    """The active client whose token is in the Authorization header, else None."""
    token = tokens.bearer(header_value)
    prefix = tokens.prefix_of(token) if token else None
    if prefix is None:
        return None
    client = db.session.scalar(select(ApiClient).where(ApiClient.token_prefix == prefix))
    if client is None or client.revoked_at is not None or not tokens.token_matches(token, client.token_hash):
        return None
    client.last_used_at = now
    return client


def all_clients() -> list[ApiClient]:
    return list(db.session.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name)))
