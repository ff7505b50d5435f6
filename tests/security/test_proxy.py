"""Behind the reverse proxy, sign-in throttling counts per client, and X-Forwarded-For cannot be forged.

With ELEARN_PROXY_COUNT=1 (nginx in front, docs/production.md) the client's address comes from the header the
proxy appends, so one agent hammering the sign-in form does not lock out the whole floor, whose requests all
arrive from the proxy's address. Without it (no proxy), the header is ignored: changing it gains nothing.
"""

from __future__ import annotations

from tests.conftest import TEST_PASSWORD

LIMIT = 3


def _throttled_app(app_factory, proxies: int):
    return app_factory(PROXY_COUNT=proxies, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
                       RATELIMIT_STORAGE_URI="memory://")


def _attempt(client, username: str, forwarded_for: str, password: str = "wrong-password-1"):
    return client.post("/auth/login", data={"username": username, "password": password},
                       headers={"X-Forwarded-For": forwarded_for}, environ_base={"REMOTE_ADDR": "10.0.0.10"})


def test_behind_the_proxy_each_client_has_its_own_sign_in_limit(app_factory, make_user):
    app = _throttled_app(app_factory, proxies=1)
    user = make_user()
    client = app.test_client()
    for _ in range(LIMIT):
        assert _attempt(client, user.username, "192.168.7.21").status_code == 200   # wrong password, form again
    assert _attempt(client, user.username, "192.168.7.21").status_code == 429
    other = app.test_client()
    assert _attempt(other, user.username, "192.168.7.22", TEST_PASSWORD).status_code == 302  # a colleague signs in


def test_without_a_proxy_a_forged_header_does_not_reset_the_limit(app_factory, make_user):
    app = _throttled_app(app_factory, proxies=0)
    user = make_user()
    client = app.test_client()
    for n in range(LIMIT):
        assert _attempt(client, user.username, f"172.16.0.{n}").status_code == 200
    assert _attempt(client, user.username, "172.16.0.99").status_code == 429


def _seen_scheme(app) -> str:
    from flask import request

    seen = {}

    @app.get("/_scheme_probe")
    def probe():
        seen["scheme"] = request.scheme
        return "ok"

    app.test_client().get("/_scheme_probe", headers={"X-Forwarded-Proto": "https"})
    return seen["scheme"]


def test_the_forwarded_scheme_is_trusted_only_behind_the_proxy(app_factory):
    assert _seen_scheme(app_factory(PROXY_COUNT=1)) == "https"
    assert _seen_scheme(app_factory(PROXY_COUNT=0)) == "http"
