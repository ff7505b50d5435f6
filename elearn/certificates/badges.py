"""Open Badges 3.0 credentials (pure): the credential document, signed as a VC-JWT with Ed25519.

The payload is the OpenBadgeCredential itself with the registered claims iss, jti, sub and nbf/exp, and the
JOSE header carries the issuer's public key (`jwk`) as in the Open Badges 3.0 VC-JWT proof format. The key
pair is derived from the app's secret, so every app host signs with the same key without extra setup. The
revocation state is published at the URL named in `credentialStatus` (type 1EdTechRevocationList).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"


@dataclass(frozen=True)
class BadgeFacts:
    """Plain values for one credential; URLs are absolute."""

    credential_url: str
    status_url: str
    issuer_url: str
    issuer_name: str
    achievement_url: str
    course_title: str
    course_title_en: str
    course_version: int
    criteria: str
    holder_name: str
    employee_no: str
    issued_at: datetime
    expires_at: datetime
    serial: str
    score: float | None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def private_key(secret: str | bytes) -> Ed25519PrivateKey:
    """The issuer's signing key, derived from the app secret (stable across hosts and restarts)."""
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    seed = hmac.new(secret, b"elearn:open-badges:ed25519", hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_jwk(key: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    """The public key as a JWK (OKP / Ed25519), with a thumbprint-based key id."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    x = _b64(public.public_bytes(Encoding.Raw, PublicFormat.Raw))
    thumb = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": _b64(hashlib.sha256(thumb.encode()).digest())}


def identity_hash(employee_no: str, salt: str) -> str:
    """The holder's employee number, salted and hashed: a verifier can match it, nobody can read it."""
    return "sha256$" + hashlib.sha256((employee_no + salt).encode("utf-8")).hexdigest()


def credential(facts: BadgeFacts, salt: str) -> dict:
    """The OpenBadgeCredential document (unsigned)."""
    result = [{"type": ["Result"], "value": f"{facts.score:g}"}] if facts.score is not None else []
    return {
        "@context": CONTEXT,
        "id": facts.credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.course_title,
        "issuer": {"id": facts.issuer_url, "type": ["Profile"], "name": facts.issuer_name},
        "validFrom": _iso(facts.issued_at),
        "validUntil": _iso(facts.expires_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": facts.holder_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": True,
                    "identityHash": identity_hash(facts.employee_no, salt),
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": facts.achievement_url,
                "type": ["Achievement"],
                "name": facts.course_title,
                "description": f"{facts.course_title} / {facts.course_title_en} (v{facts.course_version})",
                "criteria": {"narrative": facts.criteria},
                "version": str(facts.course_version),
            },
            **({"result": result} if result else {}),
        },
        "credentialStatus": {"id": facts.status_url, "type": "1EdTechRevocationList"},
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "identifier": [{"type": "IdentifierEntry", "identifier": facts.serial, "identifierType": "identifier"}],
    }


def sign(document: dict, key: Ed25519PrivateKey) -> str:
    """A compact JWS (VC-JWT): the credential plus iss/jti/sub/nbf/exp, EdDSA, public key in the header."""
    header = {"alg": "EdDSA", "typ": "JWT", "jwk": public_jwk(key)}
    claims = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "sub": document["credentialSubject"]["identifier"][0]["identityHash"],
        "nbf": _epoch(document["validFrom"]),
        "exp": _epoch(document["validUntil"]),
    }
    signing_input = ".".join(_b64(json.dumps(part, ensure_ascii=False).encode()) for part in (header, claims))
    return signing_input + "." + _b64(key.sign(signing_input.encode("ascii")))


def _epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso.removesuffix("Z")).replace(tzinfo=UTC).timestamp())


def verify(token: str, public: Ed25519PublicKey) -> dict | None:
    """The claims of a token signed by `public`, or None if it was altered or signed by another key."""
    try:
        head, body, signature = token.split(".")
        if json.loads(_unb64(head)).get("alg") != "EdDSA":
            return None
        public.verify(_unb64(signature), f"{head}.{body}".encode("ascii"))
        return json.loads(_unb64(body))
    except (ValueError, InvalidSignature):
        return None
