"""The real conduct and negotiation courses: lessons load cleanly, cite only in-force references, and keep
the substance the curriculum issue asks for (length, law boxes, a summary, the certification rule)."""

import re
from pathlib import Path

import pytest
import yaml

from elearn.courses.content import load_course
from elearn.courses.references import load_references

ROOT = Path(__file__).resolve().parents[2]
COURSES = ("compliant-conduct", "communication-negotiation")
MY_REFERENCE_FILES = ("criminal-law.yml", "public-security.yml", "industry-rules.yml")
MY_IDS = {
    "criminal-law-293", "criminal-law-293-1", "criminal-law-246", "criminal-law-253-1", "criminal-law-279",
    "criminal-law-280", "criminal-law-196", "criminal-law-313", "criminal-law-238", "criminal-law-245",
    "criminal-law-274", "criminal-procedure-155", "public-security-50", "spc-malicious-overdraft-2018",
    "spc-provocation-2013", "soft-violence-2019", "spc-personal-info-2017", "cba-2021-guideline",
    "cba-2026-guideline", "gbt-45251", "nifa-2018-convention", "nifa-2024-guide",
}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")
CITATION = re.compile(r"\[\[law:([a-z0-9-]+)\]\]")


@pytest.fixture(scope="module")
def refs():
    loaded, _ = load_references(ROOT)
    return loaded


def lesson_paths(slug):
    return sorted((ROOT / "courses" / slug).glob("[0-9][0-9]-*.md"))


def test_my_reference_files_have_no_problems_and_declare_my_ids():
    _, problems = load_references(ROOT)
    mine = [p for p in problems if Path(str(p.path)).name in MY_REFERENCE_FILES]
    assert mine == []
    declared = {}
    for path in sorted((ROOT / "courses" / "_references").glob("*.yml")):
        for rid in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
            declared.setdefault(rid, []).append(path.name)
    assert {rid for rid in MY_IDS if rid in declared} == MY_IDS
    assert {rid: files for rid, files in declared.items() if len(files) > 1} == {}


def test_public_security_cites_the_2026_text(refs):
    ref = refs["public-security-50"]
    assert str(ref.effective) == "2026-01-01"
    assert ref.confidence == "secondary"


@pytest.mark.parametrize("slug", COURSES)
def test_course_loads_apart_from_files_written_by_others(slug, refs):
    _, problems = load_course(ROOT / "courses" / slug, ROOT, refs)
    assert [str(p) for p in problems if "does not exist" not in p.message] == []


@pytest.mark.parametrize("slug", COURSES)
def test_lessons_have_substance(slug):
    paths = lesson_paths(slug)
    assert len(paths) >= 4
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert 1200 <= len(CJK.findall(text)) <= 2600, path.name
        assert "## 本课小结" in text, path.name
        assert "!!! law" in text, path.name
        assert "|---|" in text, path.name


@pytest.mark.parametrize("slug", COURSES)
def test_lessons_cite_only_in_force_references_and_no_outdated_bodies(slug, refs):
    for path in lesson_paths(slug):
        text = path.read_text(encoding="utf-8")
        cited = set(CITATION.findall(text))
        assert cited, path.name
        assert {rid for rid in cited if rid not in refs or not refs[rid].in_force} == set(), path.name
        for outdated in ("合同法", "银保监会", "12378", "日息万分之五"):
            assert outdated not in text, (path.name, outdated)


def test_certification_rules_match_the_curriculum():
    conduct = yaml.safe_load((ROOT / "courses/compliant-conduct/course.yml").read_text(encoding="utf-8"))
    talk = yaml.safe_load((ROOT / "courses/communication-negotiation/course.yml").read_text(encoding="utf-8"))
    assert conduct["certification"]["scenarios"] == [
        "first-contact", "police-wanted-sms", "late-evening-call", "angry-daily-calls"
    ]  # fmt: skip
    assert talk["certification"]["scenarios"] == ["hardship-installments", "self-harm-care"]
    assert conduct["recertify_on_new_version"] is True
    for course, slug in ((conduct, "compliant-conduct"), (talk, "communication-negotiation")):
        assert course["certification"]["quiz"] == slug
        assert course["certification"]["validity_days"] == 365
        assert course["certification"]["lessons"] == "all"
