"""A course whose every trainer-written field carries the whole XSS corpus (shared by the HTTP and browser tests)."""

from __future__ import annotations

import json
from pathlib import Path

from elearn.core.clock import now
from elearn.courses.content import Certification, CourseSpec, LessonSpec
from elearn.courses.publishing import publish_spec, upsert_references
from elearn.courses.references import Reference
from elearn.extensions import db

PAYLOADS = [
    p["payload"]
    for p in json.loads((Path(__file__).parents[1] / "fixtures/xss/payloads.json").read_text(encoding="utf-8"))[
        "payloads"
    ]
]
ALL = " ".join(PAYLOADS)
SLUG = "xss-course"


def publish_xss_course():
    """Publish the hostile course (and a hostile glossary entry); returns the CourseVersion."""
    ref = Reference(
        id="xss-law",
        law={"zh": ALL},
        article={"zh": ALL},
        summary={"zh": ALL},
        effective=None,
        status="in_force",
        confidence="primary",
        replaced_by=None,
        path="x",
        line=1,
        short={"zh": ALL},
    )
    upsert_references({"xss-law": ref}, now())
    lessons = tuple(
        LessonSpec(
            f"{i:02d}-part.md",
            {"zh": f"第{i}部分 {ALL}", "en": ALL},
            5,
            (ALL, ALL),
            "## 标题 " + ALL + "\n\n" + "\n\n".join(PAYLOADS) + "\n\n引用 [[law:xss-law]]\n",
        )
        for i in (1, 2)
    )
    spec = CourseSpec(
        slug=SLUG,
        title={"zh": "XSS " + ALL, "en": ALL},
        summary={"zh": ALL, "en": ALL},
        category="conduct",
        version=1,
        change_note=ALL,
        estimated_minutes=10,
        audience={"zh": ALL},
        prerequisites=(),
        lessons=lessons,
        certification=Certification(),
        recertify_on_new_version=False,
    )
    version = publish_spec(spec, {"xss-law": ref}, None, now())
    db.session.commit()
    return version
