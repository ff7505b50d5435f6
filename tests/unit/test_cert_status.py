"""Status of a certificate at a moment in time."""

from datetime import datetime, timedelta

import pytest

from elearn.certificates.status import Status, status_at

EXPIRES = datetime(2027, 6, 1, 0, 0)


@pytest.mark.parametrize(
    "now, revoked, expected",
    [
        (EXPIRES - timedelta(days=31), None, Status.VALID),
        (EXPIRES - timedelta(days=30), None, Status.EXPIRING),
        (EXPIRES - timedelta(seconds=1), None, Status.EXPIRING),
        (EXPIRES, None, Status.EXPIRED),
        (EXPIRES - timedelta(days=100), EXPIRES - timedelta(days=200), Status.REVOKED),
        (EXPIRES + timedelta(days=1), EXPIRES - timedelta(days=200), Status.REVOKED),
    ],
)
def test_status_at(now, revoked, expected):
    assert status_at(EXPIRES, revoked, now, window_days=30) is expected


def test_window_is_configurable():
    now = EXPIRES - timedelta(days=45)
    assert status_at(EXPIRES, None, now, window_days=30) is Status.VALID
    assert status_at(EXPIRES, None, now, window_days=60) is Status.EXPIRING
