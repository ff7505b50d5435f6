"""CSRF: every state-changing route of the URL map refuses a request without a token, even from a signed-in admin.

The app is built with WTF_CSRF_ENABLED=True (as in production). The admin signs in through the real form with its
token; then every POST/PUT/PATCH/DELETE route is called without one and must answer 400 and write nothing. Only
the token-authenticated HR API is exempt from CSRF, and it must stay read-only (GET).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from elearn.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.security.test_authorization import ACCESS, TOKEN, _url

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def csrf_app(app_factory):
    application = app_factory(WTF_CSRF_ENABLED=True)
    with application.app_context():
        yield application


def _token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, f"no csrf_token field on {url}"
    return found.group(1)


def _signed_in_admin(app, make_user):
    admin = make_user(role="admin")
    client = app.test_client()
    token = _token(client, "/auth/login")
    response = client.post("/auth/login", data={"username": admin.username, "password": TEST_PASSWORD,
                                                 "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def _unsafe_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & UNSAFE):
            yield rule, method


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_the_login_form_refuses_a_post_without_its_token(csrf_app, make_user):
    user = make_user()
    response = csrf_app.test_client().post("/auth/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_every_state_changing_route_refuses_a_request_without_a_token(csrf_app, make_user):
    client = _signed_in_admin(csrf_app, make_user)
    before = _row_counts()
    tried, problems = 0, []
    for rule, method in _unsafe_routes(csrf_app):
        if rule.endpoint == "auth.logout":
            continue  # tried last, below: a refused logout must leave the admin signed in
        url = _url(rule)
        for headers in ({}, {"X-Requested-With": "fetch", "Accept": "application/json"}):
            response = client.open(url, method=method, data={"name": "x"}, headers=headers)
            tried += 1
            if response.status_code != 400:
                problems.append(f"{method} {url} {headers or ''}: {response.status_code}")
    assert tried > 40, "the URL map should have many state-changing routes"
    assert not problems, "answered without a CSRF token:\n" + "\n".join(problems)
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    db.session.expire_all()
    assert _row_counts() == before


def test_a_request_with_the_token_gets_through(csrf_app, make_user):
    """The same client with the page's token is accepted, so the 400s above are the CSRF check answering."""
    client = _signed_in_admin(csrf_app, make_user)
    token = _token(client, "/auth/account")
    response = client.post("/auth/account/language", data={"locale": "en", "csrf_token": token})
    assert response.status_code in (200, 302)
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302


def test_only_token_authenticated_reads_are_exempt(csrf_app):
    """Routes exempt from CSRF must be the HR API: token-authenticated and GET only."""
    from elearn.extensions import csrf

    exempt = []
    for rule in csrf_app.url_map.iter_rules():
        view = csrf_app.view_functions[rule.endpoint]
        blueprint = rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else None
        if (f"{view.__module__}.{view.__name__}" in csrf._exempt_views
                or csrf_app.blueprints.get(blueprint) in csrf._exempt_blueprints):
            exempt.append(rule)
    assert exempt, "the HR API is expected to be exempt (it authenticates by token)"
    for rule in exempt:
        assert ACCESS[rule.endpoint] == TOKEN, rule.endpoint
        assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, (rule.endpoint, rule.methods)
