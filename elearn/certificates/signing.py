"""Serials, verification codes and the HMAC seal over a certificate's fields (pure).

The seal makes a quietly edited row detectable: anyone with database access but without the signing key
cannot change a name, a date, a score or the revocation state without the verification failing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from datetime import date, datetime

SEAL_VERSION = "v1"
CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
CODE_LENGTH = 26  # 16 random bytes = 128 bits in base32, lower case, no padding
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
SERIAL_PREFIX = "ELC"

SEALED_FIELDS = (
    "serial",
    "code",
    "user_id",
    "employee_no",
    "holder_name",
    "course_slug",
    "course_version_id",
    "course_version",
    "course_title_zh",
    "course_title_en",
    "score",
    "issued_at",
    "expires_at",
    "replaces_serial",
    "revoked_at",
    "revoke_reason",
)


def new_code() -> str:
    """An unguessable verification code: 128 random bits, URL-safe, case-insensitive."""
    return base64.b32encode(secrets.token_bytes(16)).decode("ascii").rstrip("=").lower()


def normalize_code(raw: str) -> str | None:
    """The canonical form of a code typed or scanned by a person, or None when it cannot be one."""
    code = re.sub(r"[\s-]", "", raw or "").lower()
    return code if _CODE_RE.match(code) else None


def format_serial(year: int, number: int) -> str:
    """A readable serial, sequential per year: ELC-2026-000042."""
    return f"{SERIAL_PREFIX}-{year:04d}-{number:06d}"


def _plain(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


def canonical(fields: Mapping) -> bytes:
    """The exact bytes that are sealed: the sealed fields, in a fixed order, as compact JSON."""
    ordered = [[name, _plain(fields.get(name))] for name in SEALED_FIELDS]
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def seal(fields: Mapping, key: bytes) -> str:
    """HMAC-SHA256 over the canonical fields, prefixed with the seal version."""
    digest = hmac.new(key, canonical(fields), hashlib.sha256).hexdigest()
    return f"{SEAL_VERSION}:{digest}"


def seal_ok(fields: Mapping, signature: str | None, key: bytes) -> bool:
    """True when the stored signature matches the fields (constant-time comparison)."""
    return bool(signature) and hmac.compare_digest(seal(fields, key), signature)


def derive_key(secret: str | bytes, purpose: str = "certificates") -> bytes:
    """A key for one purpose derived from the app secret, so the seal key is never the session key."""
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(secret, f"elearn:{purpose}".encode(), hashlib.sha256).digest()
