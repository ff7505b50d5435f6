"""Every page that shows trainer-written text, with the whole XSS corpus in every field, stays inert."""

from html.parser import HTMLParser

import pytest

from tests.courses.xss_course import PAYLOADS, SLUG, publish_xss_course

DANGEROUS_TAGS = {
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "style",
    "video",
    "audio",
    "template",
    "marquee",
    "isindex",
    "xss",
    "frame",
    "frameset",
}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.bad.append(tag)
        named = dict(attrs)
        if tag == "script" and not (named.get("src") or "").startswith("/static/"):
            self.bad.append("inline script")
        if (
            tag == "meta"
            and "http-equiv" in named
            or tag == "link"
            and not (named.get("href") or "").startswith("/static/")
        ):
            self.bad.append(tag)
        for name, value in attrs:
            value = (value or "").replace("\t", "").replace("\n", "").strip().lower()
            if name.startswith("on") or name in {"style", "srcdoc"}:
                self.bad.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and value.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.bad.append(f"{tag}[{name}={value}]")


@pytest.fixture
def hostile(make_user, login, client, sample):
    publish_xss_course()
    login(make_user("trainer"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/courses/",
        f"/courses/{SLUG}",
        f"/courses/{SLUG}/lessons/01-part",
        "/courses/glossary",
        "/courses/search?q=alert",
        f"/courses/{SLUG}/versions",
        "/courses/manage",
        "/",
    ],
)
def test_page_with_every_payload_is_inert(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 200
    parser = _Collect()
    parser.feed(response.get_data(as_text=True))
    assert parser.bad == []


def test_editor_pages_are_inert(hostile):
    hostile.post(f"/courses/manage/{SLUG}/open")
    for path in (f"/courses/manage/{SLUG}", f"/courses/manage/{SLUG}/lessons/01-part.md"):
        parser = _Collect()
        parser.feed(hostile.get(path).get_data(as_text=True))
        assert parser.bad == [], path


def test_payload_text_is_still_readable_escaped(hostile):
    page = hostile.get(f"/courses/{SLUG}/lessons/01-part").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page  # the title shows the text, escaped
    assert len(PAYLOADS) >= 40
