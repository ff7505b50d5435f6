"""The Markdown pipeline: features trainers use, and nothing unsafe surviving it."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from elearn.courses.markdown import (
    citation_problems,
    image_problems,
    render_document,
    render_markdown,
)

XSS = json.loads((Path(__file__).parents[1] / "fixtures/xss/payloads.json").read_text(encoding="utf-8"))["payloads"]
REFS = {
    "civil-code-577": {
        "law": {"zh": "中华人民共和国民法典", "en": "Civil Code of the PRC"},
        "article": {"zh": "第五百七十七条", "en": "Art. 577"},
        "summary": {"zh": "不履行合同义务应承担违约责任。", "en": "Breach brings liability."},
        "status": "in_force",
    },
    "contract-law": {"law": {"zh": "中华人民共和国合同法"}, "summary": {"zh": "已废止"}, "status": "repealed"},
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)


def _parse(html):
    parser = _Tags()
    parser.feed(html)
    return parser


def test_citation_renders_as_chip_linked_to_glossary():
    html = render_markdown("违约 [[law:civil-code-577]]。", REFS)
    assert 'href="/courses/glossary#civil-code-577"' in html
    assert "民法典 第五百七十七条" in html
    assert 'title="不履行合同义务应承担违约责任。"' in html


def test_unknown_citation_stays_visible_as_text():
    assert "[[law:nope]]" in render_markdown("见 [[law:nope]]", REFS)


def test_tables_footnotes_admonitions_and_toc():
    doc = render_document(
        "## 一、总则\n\n| 可以说 | 不能说 |\n|---|---|\n| 您好 | 老赖 |\n\n"
        '!!! law "民法典"\n    概括。\n\n!!! warning "红线"\n    不要威胁。\n\n'
        "正文[^1]\n\n### 小结\n\n[^1]: 脚注。\n",
        REFS,
    )
    assert "<table>" in doc.html and "<th>可以说</th>" in doc.html
    assert 'class="admonition law"' in doc.html and 'class="admonition warning"' in doc.html
    assert 'id="fn:1"' in doc.html
    assert [(e.level, e.text) for e in doc.toc] == [(2, "一、总则"), (3, "小结")]
    assert f'id="{doc.toc[0].anchor}"' in doc.html
    assert "老赖" in doc.text and "<" not in doc.text


def test_images_only_from_media_and_rewritten_under_media_base():
    html = render_markdown("![图](media/flow.png) ![x](http://example.com/x.png)", {}, "/courses/m/7")
    imgs = [v for tag, k, v in _parse(html).attrs if tag == "img" and k == "src"]
    assert imgs == ["/courses/m/7/flow.png"]


def test_citation_problems_unknown_repealed_malformed():
    text = "a [[law:civil-code-577]]\nb [[law:contract-law]]\nc [[law:nope]]\nd [[law:Bad_Id]]"
    messages = citation_problems(text, REFS)
    assert [line for line, _ in messages] == [2, 3, 4]
    assert "repealed" in messages[0][1] and "unknown" in messages[1][1] and "malformed" in messages[2][1]


def test_image_problems_name_the_line():
    text = "x\n![a](media/flow.png)\n![b](media/missing.png)\n![c](../secret.png)\n![d](media/x.svg)"
    problems = image_problems(text, {"flow.png"})
    assert [line for line, _ in problems] == [3, 4, 5]


def test_corpus_has_at_least_40_payloads():
    assert len(XSS) >= 40


@pytest.mark.parametrize("case", XSS, ids=[c["id"] for c in XSS])
def test_xss_payload_is_inert(case):
    html = render_markdown(f"段落\n\n{case['payload']}\n\n结尾 [[law:civil-code-577]]", REFS, "/m")
    parsed = _parse(html)
    assert not {
        "script",
        "iframe",
        "object",
        "embed",
        "style",
        "svg",
        "math",
        "form",
        "input",
        "base",
        "meta",
        "link",
        "body",
        "video",
        "audio",
        "textarea",
        "template",
    } & set(parsed.tags)
    for tag, name, value in parsed.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name not in {"style", "srcdoc", "formaction", "background", "action"}, (tag, name)
        lowered = value.replace("\t", "").replace("\n", "").strip().lower()
        if name in {"href", "src"}:
            assert lowered.startswith(("/", "#", "http://", "https://", "mailto:")), (tag, name, value)
