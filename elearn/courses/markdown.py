"""The lesson Markdown pipeline: Markdown -> HTML -> nh3 allow-list.

Pure (no flask, no sqlalchemy) so quizzes and scenarios can render stems and
feedback with the same rules. Everything a trainer writes passes through
`render_markdown` or `render_document`; the result is safe to mark `|safe`.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension, footnotes, toc
from markdown.inlinepatterns import InlineProcessor

CITATION_RE = re.compile(r"\[\[law:([^\]\s]*)\]\]")
REF_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
GLOSSARY_URL = "/courses/glossary"

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "tip", "warning", "law", "footnote", "toc"},
    "p": {"admonition-title"},
    "a": {"law-chip", "footnote-ref", "footnote-backref"},
    "span": {"law-chip-label", "law-chip-unknown", "visually-hidden"},
    "sup": {"footnote-ref"},
    "code": set(),
}


@dataclass(frozen=True)
class TocEntry:
    """One heading of a lesson: level 2..4, anchor id, visible text."""

    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """A rendered document: safe HTML, its table of contents and plain text for search."""

    html: str
    toc: tuple[TocEntry, ...]
    text: str


def localized_text(value: Any, lang: str = "zh") -> str:
    """Pick `lang` from a {zh, en} mapping (falling back to zh, then any value)."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("zh") or next(iter(value.values()), "") or "")
    return "" if value is None else str(value)


def _ref_field(ref: Any, name: str) -> Any:
    return ref.get(name) if isinstance(ref, Mapping) else getattr(ref, name, None)


def citation_label(ref: Any, lang: str = "zh") -> str:
    """The chip text of a reference, e.g. "民法典 第一千零三十三条"."""
    law = localized_text(_ref_field(ref, "short") or _ref_field(ref, "law"), lang)
    law = law.removeprefix("中华人民共和国") if lang == "zh" else law.removesuffix(" of the PRC")
    article = localized_text(_ref_field(ref, "article"), lang)
    return f"{law} {article}".strip()


class _CitationProcessor(InlineProcessor):
    """Turns [[law:id]] into a chip linked to the glossary; unknown ids render as plain marked text."""

    def __init__(self, pattern: str, md: markdown.Markdown) -> None:
        super().__init__(pattern, md)
        self.refs: Mapping[str, Any] = {}
        self.lang = "zh"

    def handleMatch(self, m: re.Match, data: str):
        ref_id = m.group(1)
        ref = self.refs.get(ref_id)
        if ref is None:
            el = ET.Element("span", {"class": "law-chip-unknown"})
            el.text = f"[[law:{ref_id}]]"
            return el, m.start(0), m.end(0)
        el = ET.Element("a", {"class": "law-chip", "href": f"{GLOSSARY_URL}#{ref_id}"})
        summary = localized_text(_ref_field(ref, "summary"), self.lang)
        if summary:
            el.set("title", summary)
        label = ET.SubElement(el, "span", {"class": "law-chip-label"})
        label.text = citation_label(ref, self.lang)
        return el, m.start(0), m.end(0)


class _CitationExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_CitationProcessor(CITATION_RE.pattern, md), "law_citation", 175)


def _slugify(value: str, separator: str) -> str:
    return "sec-" + (toc.slugify_unicode(value, separator) or "x")


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "admonition",
            "sane_lists",
            "pymdownx.tilde",
            footnotes.FootnoteExtension(BACKLINK_TITLE="返回正文 %d"),
            _CitationExtension(),
            toc.TocExtension(slugify=_slugify, toc_depth="2-4", permalink=False),
        ],
        output_format="html",
    )


_local = threading.local()


def _markdown() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _new_markdown()
    return md


def _is_safe_url(value: str) -> bool:
    lowered = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    if lowered.startswith(("http://", "https://", "mailto:", "#", "/")):
        return not lowered.startswith("//")
    return ":" not in lowered.split("/", 1)[0]


def media_name(src: str) -> str | None:
    """The file name when `src` points into the course's media/ folder, else None."""
    src = src.strip()
    src = src.removeprefix("./")
    if not src.startswith("media/"):
        return None
    name = src[len("media/") :]
    if not name or "/" in name or "\\" in name or name.startswith(".") or ".." in name:
        return None
    return name if name.lower().endswith(IMAGE_EXTENSIONS) else None


def _attribute_filter(media_base: str):
    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            name = media_name(value)
            return f"{media_base.rstrip('/')}/{name}" if name else None
        if attribute == "href":
            return value if _is_safe_url(value) else None
        return value

    return keep


def sanitize(fragment: str, media_base: str = "") -> str:
    """Clean an HTML fragment with the site allow-list (images only from media/)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "noscript",
            "template",
            "svg",
            "math",
            "textarea",
            "select",
            "frameset",
            "frame",
        },
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter(media_base),
        url_schemes={"http", "https", "mailto"},
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _toc(tokens: list[dict]) -> tuple[TocEntry, ...]:
    out: list[TocEntry] = []
    for token in tokens:
        out.append(TocEntry(token["level"], token["id"], html.unescape(token["name"])))
        out.extend(_toc(token.get("children", [])))
    return tuple(out)


_TAG_RE = re.compile(r"<[^>]+>")


def plain_text(safe_html: str) -> str:
    """Visible text of rendered HTML, whitespace collapsed (for search and word counts)."""
    return re.sub(r"\s+", " ", html.unescape(_TAG_RE.sub(" ", safe_html))).strip()


def render_document(text: str, refs: Mapping[str, Any], media_base: str = "", lang: str = "zh") -> Rendered:
    """Render trainer Markdown to sanitised HTML plus its TOC and plain text.

    Citations `[[law:id]]` become chips from `refs` (id -> reference mapping or
    object with law/article/summary); unknown ids stay visible as text, the
    content checker reports them. Images are kept only when they point into
    `media/` and are rewritten under `media_base`.
    """
    md = _markdown()
    md.reset()
    processor = md.inlinePatterns["law_citation"]
    processor.refs, processor.lang = refs, lang
    raw = md.convert(text or "")
    toc = _toc(getattr(md, "toc_tokens", []))
    safe = sanitize(raw, media_base)
    return Rendered(safe, toc, plain_text(safe))


def render_markdown(text: str, refs: Mapping[str, Any], media_base: str = "") -> str:
    """Render trainer Markdown to sanitised HTML (the interface quizzes and scenarios import)."""
    return render_document(text, refs, media_base).html


def find_citations(text: str) -> list[tuple[int, str]]:
    """Every `[[law:id]]` in `text` as (1-based line, id)."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in CITATION_RE.finditer(text or "")]


def citation_problems(text: str, refs: Mapping[str, Any]) -> list[tuple[int, str]]:
    """(line, message) for citations that are malformed, unknown or repealed."""
    problems = []
    for line, ref_id in find_citations(text):
        ref = refs.get(ref_id)
        if not REF_ID_RE.match(ref_id):
            problems.append((line, f"malformed citation [[law:{ref_id}]]: ids are lowercase ASCII with dashes"))
        elif ref is None:
            problems.append((line, f"unknown law reference [[law:{ref_id}]]"))
        elif _ref_field(ref, "status") == "repealed":
            problems.append((line, f"[[law:{ref_id}]] cites a repealed law as current"))
    return problems


def find_images(text: str) -> list[tuple[int, str]]:
    """Every image source (Markdown or raw <img>) in `text` as (1-based line, src)."""
    found = []
    for regex in (IMAGE_RE, HTML_IMG_RE):
        for m in regex.finditer(text or ""):
            found.append((text.count("\n", 0, m.start()) + 1, m.group(1)))
    return sorted(found)


def image_problems(text: str, media_files: set[str]) -> list[tuple[int, str]]:
    """(line, message) for images outside media/, of a forbidden type, or missing."""
    problems = []
    for line, src in find_images(text):
        name = media_name(src)
        if name is None:
            problems.append((line, f"image {src!r}: only PNG, JPEG, GIF or WebP files from media/ are allowed"))
        elif name not in media_files:
            problems.append((line, f"image {src!r}: media/{name} does not exist"))
    return problems
