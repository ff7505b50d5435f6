"""Pure core of API client tokens: shown once, stored only as a hash, compared in constant time.

A token looks like ``el_<prefix>_<secret>``: the prefix (stored in clear) finds the client row,
the SHA-256 of the whole token is what is kept. A stolen database therefore yields no usable
token. Tokens carry 256 bits of randomness, so a fast hash is enough (no KDF needed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6
SECRET_BYTES = 32


def new_token() -> tuple[str, str, str]:
    """Return (token to show once, prefix to store, hash to store)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    token = f"el_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return token, prefix, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def prefix_of(token: str) -> str | None:
    """The lookup prefix of a well-formed token, else None (never raises on garbage)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "el" or len(parts[1]) != PREFIX_BYTES * 2:
        return None
    return parts[1]


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)


def bearer(header_value: str | None) -> str | None:
    """Extract the token from an ``Authorization: Bearer ...`` header value."""
    if not header_value:
        return None
    scheme, _, value = header_value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None
