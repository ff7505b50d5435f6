"""Open Badges 3.0 credentials: shape, signature, tamper detection."""

import base64
import json
from datetime import datetime

from elearn.certificates.badges import BadgeFacts, credential, identity_hash, private_key, public_jwk, sign, verify

FACTS = BadgeFacts(
    credential_url="https://elearn.example/certificates/badge/abc.json",
    status_url="https://elearn.example/certificates/status/abc.json",
    issuer_url="https://elearn.example/certificates/issuer.json",
    issuer_name="信用卡中心 合规培训部",
    achievement_url="https://elearn.example/courses/contract-repayment#v2",
    course_title="合同与还款义务",
    course_title_en="Contract and repayment",
    course_version=2,
    criteria="完成全部课时并通过测验",
    holder_name="张*",
    employee_no="E1001",
    issued_at=datetime(2026, 11, 28, 8, 0, 0),
    expires_at=datetime(2027, 11, 28, 8, 0, 0),
    serial="ELC-2026-000001",
    score=90.0,
)


def _part(token, index):
    text = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def test_credential_is_an_open_badge_with_revocation_status():
    doc = credential(FACTS, salt="s1")
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert doc["credentialStatus"] == {"id": FACTS.status_url, "type": "1EdTechRevocationList"}
    assert doc["validFrom"] == "2026-11-28T08:00:00Z"
    subject = doc["credentialSubject"]
    assert subject["achievement"]["name"] == "合同与还款义务"
    assert subject["identifier"][0]["identityHash"] == identity_hash("E1001", "s1")
    assert "E1001" not in json.dumps(doc)  # only the salted hash travels


def test_signed_token_verifies_with_the_header_key_and_carries_jwt_claims():
    key = private_key("secret")
    token = sign(credential(FACTS, "s1"), key)
    header, claims = _part(token, 0), _part(token, 1)
    assert header["alg"] == "EdDSA" and header["jwk"] == public_jwk(key)
    assert claims["iss"] == FACTS.issuer_url and claims["jti"] == FACTS.credential_url
    assert claims["exp"] - claims["nbf"] == 365 * 86400
    assert verify(token, key.public_key()) == claims


def test_tampered_or_foreign_tokens_fail():
    key = private_key("secret")
    token = sign(credential(FACTS, "s1"), key)
    head, body, sig = token.split(".")
    forged = dict(_part(token, 1), name="别的课程")
    forged_body = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    assert verify(f"{head}.{forged_body}.{sig}", key.public_key()) is None
    assert verify(token, private_key("other").public_key()) is None
    assert verify("not-a-token", key.public_key()) is None


def test_key_is_stable_for_a_secret():
    assert public_jwk(private_key("a")) == public_jwk(private_key("a"))
    assert public_jwk(private_key("a"))["x"] != public_jwk(private_key("b"))["x"]
