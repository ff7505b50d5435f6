"""Serials, verification codes and the HMAC seal."""

from datetime import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from elearn.certificates.signing import (
    SEALED_FIELDS,
    derive_key,
    format_serial,
    new_code,
    normalize_code,
    seal,
    seal_ok,
)

KEY = derive_key("test-secret")
FIELDS = {
    "serial": "ELC-2026-000001",
    "code": "a" * 26,
    "user_id": 7,
    "employee_no": "E1001",
    "holder_name": "欧阳龘",
    "course_slug": "contract-repayment",
    "course_version_id": 3,
    "course_version": 2,
    "course_title_zh": "合同与还款义务",
    "course_title_en": "Contract",
    "score": 92.5,
    "issued_at": datetime(2026, 11, 28, 8, 30, 0),
    "expires_at": datetime(2027, 11, 28, 8, 30, 0),
    "replaces_serial": None,
    "revoked_at": None,
    "revoke_reason": None,
}


def test_serials_are_readable_and_sort_in_issue_order():
    assert format_serial(2026, 42) == "ELC-2026-000042"
    assert sorted(format_serial(2026, n) for n in (10, 9, 100)) == [
        format_serial(2026, 9),
        format_serial(2026, 10),
        format_serial(2026, 100),
    ]


def test_codes_are_random_128_bit_and_round_trip():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert normalize_code(code) == code
        assert normalize_code(code.upper()) == code


def test_bad_codes_are_rejected_before_any_lookup():
    for raw in ("", "abc", "a" * 27, "0" * 26, "../../etc/passwd", "a" * 25 + "!"):
        assert normalize_code(raw) is None


def test_seal_verifies_and_detects_each_edited_field():
    signature = seal(FIELDS, KEY)
    assert seal_ok(FIELDS, signature, KEY)
    edits = {"holder_name": "欧阳森", "score": 99.0, "revoked_at": None, "course_version": 3}
    for name, value in edits.items():
        if FIELDS[name] == value:
            continue
        assert not seal_ok({**FIELDS, name: value}, signature, KEY), name
    assert not seal_ok({**FIELDS, "expires_at": datetime(2030, 1, 1)}, signature, KEY)


def test_seal_needs_the_key():
    assert not seal_ok(FIELDS, seal(FIELDS, derive_key("other")), KEY)
    assert not seal_ok(FIELDS, None, KEY)
    assert derive_key("s", "certificates") != derive_key("s", "badges")


@given(st.sampled_from(SEALED_FIELDS), st.text(min_size=1, max_size=8))
def test_any_change_to_any_sealed_field_breaks_the_seal(name, value):
    assume(FIELDS[name] != value)
    signature = seal(FIELDS, KEY)
    assert not seal_ok({**FIELDS, name: value}, signature, KEY)
