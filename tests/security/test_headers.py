"""Security headers, inline code and cookies.

Each role crawls the site from its home page (same-site links only, one page per URL shape), and every HTML page
must carry the strict Content Security Policy (no 'unsafe-inline', no 'unsafe-eval') and the usual headers, and
contain no inline <script>, <style>, style= or on...= attribute (the CSP would block them in the browser anyway,
so they would be broken features). ProductionConfig's cookies are checked on the real login answer.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from elearn import create_app
from elearn.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.security import world

ROLES = ("learner", "trainer", "hr", "admin")
MAX_PAGES = 70
SKIP = ("/auth/logout", "/static/", ".pdf", ".csv", ".xlsx", ".zip", ".jwt", ".gift", ".json", "/download",
        "/export", "/xapi", "/lang/")
REQUIRED_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin"}


class PageScan(HTMLParser):
    """Links to follow and everything inline that a strict CSP forbids."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "script" and not values.get("src") and values.get("type") not in ("application/json",):
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.inline.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
            elif name in ("href", "src", "action", "formaction") and (value or "").lower().startswith("javascript:"):
                self.inline.append(f"<{tag} {name}=javascript:...>")


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _csp_problems(response) -> list[str]:
    csp = response.headers.get("Content-Security-Policy", "")
    problems = []
    if "script-src 'self'" not in csp or "object-src 'none'" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"weak or missing CSP: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"CSP allows inline code: {csp!r}")
    for name, value in REQUIRED_HEADERS.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}")
    return problems


def crawl(client, starts: list[str]) -> tuple[dict[str, list[str]], int]:
    """Visit same-site pages from `starts`, one per URL shape; returns ({url: problems}, pages visited)."""
    queue, seen_shapes, found, visited = list(starts), set(), {}, 0
    while queue and visited < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if _shape(url) in seen_shapes or any(s in path for s in SKIP):
            continue
        seen_shapes.add(_shape(url))
        response = client.get(url)
        visited += 1
        if response.mimetype != "text/html" or response.status_code >= 300:
            continue
        scan = PageScan()
        scan.feed(response.get_data(as_text=True))
        problems = _csp_problems(response) + scan.inline
        if problems:
            found[url] = problems
        for href in scan.links:
            target = urljoin(url, href.split("#")[0])
            parts = urlsplit(target)
            if parts.netloc in ("", "localhost") and parts.path:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found, visited


@pytest.fixture
def site(app, runner, make_user, login):
    return world.build(app, runner, make_user, login)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_each_role_has_a_strict_csp_and_no_inline_code(app, site, make_user, login, role):
    if role == "learner":
        client = site.client
        extra = [site.urls[name] for name in ("review", "run", "debrief", "certificate", "transcript")]
    else:
        client = app.test_client()
        login(make_user(role=role), client=client)
        extra = [site.urls[name] for name in ("transcript", "certificate", "person", "debrief")]
    found, visited = crawl(client, ["/", *extra])
    assert visited >= 8, f"only {visited} pages reached as {role}"
    report = "\n".join(f"{url}: {'; '.join(problems)}" for url, problems in sorted(found.items()))
    assert not found, f"as {role}:\n{report}"


def test_public_pages_have_the_headers_too(app, site):
    client = app.test_client()
    for url in ("/auth/login", f"/verify/{site.cert_code}", "/verify", "/no-such-page"):
        response = client.get(url)
        assert response.mimetype == "text/html", url
        assert _csp_problems(response) == [], url
        scan = PageScan()
        scan.feed(response.get_data(as_text=True))
        assert scan.inline == [], (url, scan.inline)


@pytest.fixture
def production_app(app, make_user):
    """ProductionConfig on the test database (its own secret key; CSRF and rate limits on)."""
    user = make_user()
    prod = create_app("production", instance_path=app.instance_path,
                      SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                      SECRET_KEY="a-production-secret-for-this-test-only", RATELIMIT_STORAGE_URI="memory://")
    yield prod, user
    with prod.app_context():
        db.session.remove()
        db.engine.dispose()


def _cookie(headers, name: str) -> str:
    return next((value for value in headers.getlist("Set-Cookie") if value.startswith(f"{name}=")), "")


def test_production_session_and_remember_cookies_are_secure_httponly_and_samesite(production_app):
    prod, user = production_app
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_SECURE"]
    assert prod.config.get("WTF_CSRF_ENABLED", True) and not prod.config["DEBUG"] and not prod.config["TESTING"]
    client = prod.test_client()
    base = "https://elearn.example"
    page = client.get("/auth/login", base_url=base)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert page.headers.get("Strict-Transport-Security", "").startswith("max-age=")
    response = client.post("/auth/login", base_url=base, headers={"Referer": f"{base}/auth/login"},
                           data={"username": user.username, "password": TEST_PASSWORD, "csrf_token": token,
                                 "remember": "y"})
    assert response.status_code == 302, response.status_code
    for name in (prod.config["SESSION_COOKIE_NAME"], prod.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        cookie = _cookie(response.headers, name)
        assert cookie, (name, response.headers.getlist("Set-Cookie"))
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly"} <= flags and ("samesite=lax" in flags or "samesite=strict" in flags), cookie
    assert _csp_problems(response) == []


def test_the_scan_sees_inline_code():
    scan = PageScan()
    scan.feed('<p style="color:red" onclick="x()"><script>alert(1)</script><script src="/s.js"></script>'
              '<a href="javascript:void(0)">x</a><style>p{}</style>')
    assert len(scan.inline) == 5, scan.inline
