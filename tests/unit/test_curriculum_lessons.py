"""The real contract, consumer-rights and privacy courses: they load cleanly, cite only in-force references
declared from law-facts.md, teach outdated terms only as history, and recommend phrasing the call grader
accepts."""

import re
from pathlib import Path

import pytest
import yaml

from elearn.courses.content import load_course
from elearn.courses.references import load_references
from elearn.scenarios.content import read_rules
from elearn.scenarios.freetext import violations_in

ROOT = Path(__file__).resolve().parents[2]
COURSES = {
    "contract-repayment": ["fee-breakdown", "pay-part-today"],
    "consumer-rights": ["agency-021-complaint", "disputed-transaction"],
    "privacy-pipl": ["employer-answers", "relative-answers"],
}
MY_REFERENCE_FILES = (
    "civil-code.yml", "consumer-law.yml", "pipl.yml", "card-rules.yml", "regulators.yml",
    "credit-reporting.yml", "civil-procedure.yml",
)  # fmt: skip
REQUIRED_IDS = {
    "civil-code-577", "civil-code-667", "civil-code-1033", "civil-code-1260", "consumer-law-8", "consumer-law-28",
    "pipl-6", "pipl-13", "pipl-25", "pipl-28", "card-measures-68", "card-measures-70", "spc-bank-card-7",
    "nfra-consumer-41", "complaint-measures", "contract-law",
}  # fmt: skip
# law-facts.md marks these sources [V-secondary]; everything else in my files is [V-primary].
SECONDARY_PREFIXES = ("card-measures-", "card-notice-", "pboc-", "nfra-", "complaint-measures")
CJK = re.compile(r"[\u4e00-\u9fff]")
CITATION = re.compile(r"\[\[law:([a-z0-9-]+)\]\]")
OUTDATED = ("合同法", "银保监会", "万分之五", "滞纳金", "12378")
HISTORY_MARKERS = ("废止", "过时", "不要", "不再", "取代", "取消", "原银保监会", "不存在", "没有")
DO_HEADERS = ("可以这样说", "可以这样做")
# The grader's P4 pattern '验证码' also fires on the warning "the bank never asks for your code";
# that is a known over-broad pattern in courses/_rules.yml, not advice to change the lesson.
KNOWN_GRADER_FALSE_POSITIVES = {("P4", "银行不会向您索要密码或验证码")}


@pytest.fixture(scope="module")
def refs():
    loaded, _ = load_references(ROOT)
    return loaded


def lesson_paths(slug):
    return sorted((ROOT / "courses" / slug).glob("[0-9][0-9]-*.md"))


def split_lesson(path):
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)), text[match.end() :]


def table_rows(body):
    """(header cells, row cells) for every row of every Markdown table in `body`."""
    header = None
    for line in body.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not line.startswith("|---"):
            yield header, cells


def test_my_reference_files_load_cleanly_and_declare_the_required_ids(refs):
    _, problems = load_references(ROOT)
    assert [str(p) for p in problems if Path(str(p.path)).name in MY_REFERENCE_FILES] == []
    assert REQUIRED_IDS - set(refs) == set()
    declared = {}
    for path in sorted((ROOT / "courses" / "_references").glob("*.yml")):
        for rid in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
            declared.setdefault(rid, []).append(path.name)
    assert {rid: files for rid, files in declared.items() if len(files) > 1} == {}


def test_contract_law_is_declared_repealed_and_points_to_the_civil_code(refs):
    contract_law = refs["contract-law"]
    assert contract_law.status == "repealed"
    assert contract_law.replaced_by == "civil-code-1260"
    assert refs["civil-code-1260"].in_force and str(refs["civil-code-1260"].effective) == "2021-01-01"


def test_confidence_follows_law_facts(refs):
    for path in MY_REFERENCE_FILES:
        for rid in yaml.safe_load((ROOT / "courses" / "_references" / path).read_text(encoding="utf-8")):
            if refs[rid].status == "repealed":
                continue
            expected = "secondary" if rid.startswith(SECONDARY_PREFIXES) else "primary"
            assert refs[rid].confidence == expected, rid


@pytest.mark.parametrize("slug", COURSES)
def test_course_loads_apart_from_files_written_by_others(slug, refs):
    _, problems = load_course(ROOT / "courses" / slug, ROOT, refs)
    assert [str(p) for p in problems if "does not exist" not in p.message] == []


@pytest.mark.parametrize("slug", COURSES)
def test_certification_rule_names_the_quiz_and_scenarios(slug):
    course = yaml.safe_load((ROOT / "courses" / slug / "course.yml").read_text(encoding="utf-8"))
    assert course["version"] == 1 and course["prerequisites"] == []
    assert course["lessons"] == [path.name for path in lesson_paths(slug)]
    cert = course["certification"]
    assert (cert["lessons"], cert["quiz"], cert["scenarios"], cert["validity_days"]) == (
        "all", slug, COURSES[slug], 365,
    )  # fmt: skip


@pytest.mark.parametrize("slug", COURSES)
def test_lessons_have_substance(slug):
    paths = lesson_paths(slug)
    assert len(paths) >= 5
    for path in paths:
        front, body = split_lesson(path)
        assert front["title"]["zh"] and front["title"]["en"] and len(front["objectives"]) >= 3, path.name
        assert 1200 <= len(CJK.findall(body)) <= 2600, path.name
        for marker in ("## 本课小结", "!!! law", "> **", "|---|"):
            assert marker in body, (path.name, marker)
        assert any(header[0] in DO_HEADERS for header, _ in table_rows(body)), path.name


@pytest.mark.parametrize("slug", COURSES)
def test_lessons_cite_only_in_force_references(slug, refs):
    for path in lesson_paths(slug):
        cited = set(CITATION.findall(path.read_text(encoding="utf-8")))
        assert len(cited) >= 3, path.name
        assert {rid for rid in cited if rid not in refs or not refs[rid].in_force} == set(), path.name


@pytest.mark.parametrize("slug", COURSES)
def test_outdated_terms_appear_only_as_history_or_as_what_not_to_say(slug):
    for path in lesson_paths(slug):
        _, body = split_lesson(path)
        headers = {tuple(cells): header for header, cells in table_rows(body)}
        for line in body.splitlines():
            terms = [term for term in OUTDATED if term in line]
            if not terms or any(marker in line for marker in HISTORY_MARKERS):
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            header = headers.get(tuple(cells))
            assert header, (path.name, line)
            for column, cell in enumerate(cells):
                if any(term in cell for term in terms):
                    assert any(marker in header[column] for marker in HISTORY_MARKERS), (path.name, line)


def test_recommended_phrasing_passes_the_call_grader():
    rules, _, problems = read_rules(ROOT)
    assert problems == [] and rules
    checked, flagged = 0, []
    for slug in COURSES:
        for path in lesson_paths(slug):
            for header, cells in table_rows(split_lesson(path)[1]):
                if header[0] not in DO_HEADERS:
                    continue
                checked += 1
                for hit in violations_in(cells[0], rules.values()):
                    if not any(code == hit.code and text in cells[0] for code, text in KNOWN_GRADER_FALSE_POSITIVES):
                        flagged.append((path.name, cells[0], hit.code, hit.words))
    assert checked >= 40
    assert flagged == []
