"""SQL metacharacters in every filter and search parameter.

HR, trainer and admin pages are crawled for GET forms (filters, searches); each field of each form is then sent
with SQL metacharacters and other hostile strings. Every answer must be a normal page or a clean 4xx, never a
500, and the database must be intact afterwards (the accounts are all still there).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from sqlalchemy import func, select

from elearn.auth.models import User
from elearn.extensions import db
from tests.security import world

PAYLOADS = ["' OR '1'='1", "'; DROP TABLE users; --", '" OR 1=1 --', "%_%", "\\", "1 UNION SELECT NULL--",
            "-1", "２０２６", "<script>alert(1)</script>"]
TOO_BIG = "9999999999999999999999"  # beyond a 64-bit integer: see test_out_of_range_numbers_in_filters...
SEARCHES = ["/courses/search?q=", "/audit/?actor=", "/employees/?q=", "/reports/?q=", "/certificates/manage?q="]


class GetForms(HTMLParser):
    """The GET forms of a page: (action, [field names])."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[tuple[str, list[str]]] = []
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form" and (values.get("method") or "get").lower() == "get":
            self._open = (urljoin(self.url, values.get("action") or self.url), [])
        elif (tag in ("input", "select", "textarea") and self._open is not None and values.get("name")
              and values.get("type") not in ("submit", "button", "hidden", "checkbox", "radio")):
            self._open[1].append(values["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._open is not None:
            if self._open[1]:
                self.forms.append(self._open)
            self._open = None


def _forms(client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        parser = GetForms(url)
        parser.feed(response.get_data(as_text=True))
        for action, fields in parser.forms:
            found[urlsplit(action).path] = sorted(set(found.get(urlsplit(action).path, [])) | set(fields))
    return found


def test_filters_and_searches_survive_sql_metacharacters(app, runner, make_user, login):
    made = world.build(app, runner, make_user, login)
    pages = ["/", "/reports/", "/employees/", "/certificates/manage", "/audit/", "/admin/users", "/courses/search",
             "/courses/manage", "/quizzes/manage", "/scenarios/manage", "/scenarios/mine", made.urls["transcript"]]
    clients = {}
    for role in ("hr", "trainer", "admin"):
        clients[role] = app.test_client()
        login(make_user(role=role), client=clients[role])
    people = db.session.scalar(select(func.count()).select_from(User))
    problems, tried = [], 0
    for role, client in clients.items():
        forms = _forms(client, pages)
        assert forms, f"no GET forms found as {role}"
        for path, fields in forms.items():
            for payload in PAYLOADS:
                response = client.get(f"{path}?{urlencode(dict.fromkeys(fields, payload))}")
                tried += 1
                body = response.get_data(as_text=True)
                if response.status_code >= 500 or "Traceback" in body:
                    problems.append(f"{role} {path} {fields} = {payload!r}: {response.status_code}")
                if "<script>alert(1)</script>" in body:
                    problems.append(f"{role} {path}: the payload came back unescaped")
    assert tried >= 40, tried
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == people

@pytest.mark.parametrize("url", ["/reports/?department_id=", "/reports/?due_within=", "/employees/?department=",
                                 "/certificates/manage?department="])
def test_out_of_range_numbers_in_filters_are_not_a_server_error(client, make_user, login, url):
    login(make_user(role="hr"))
    assert client.get(f"{url}{TOO_BIG}").status_code in (200, 400)


@pytest.mark.parametrize("url", SEARCHES)
def test_a_nul_byte_in_a_search_is_not_a_server_error(client, make_user, login, url):
    login(make_user(role="admin"))
    response = client.get(f"{url}a%00b")
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
