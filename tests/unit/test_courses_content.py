"""Pure course and glossary loaders: good files load, every bad input names file, line and field."""

import shutil
from pathlib import Path

import pytest

from elearn.courses.content import load_courses
from elearn.courses.references import load_references

FIXTURE = Path(__file__).parents[1] / "fixtures/content"


@pytest.fixture
def root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(root):
    refs, problems = load_references(root)
    specs, found = load_courses(root, refs)
    return specs, [str(p) for p in problems + found]


def test_fixture_loads_cleanly(root):
    specs, messages = _messages(root)
    assert messages == []
    course = specs["sample-course"]
    assert course.title["zh"] == "示例课程：合规催收入门"
    assert [lesson.filename for lesson in course.lessons] == ["01-breach.md", "02-quiet-life.md"]
    assert course.certification.quiz == "sample-quiz" and course.certification.lessons == "all"
    assert course.lessons[0].objectives[1] == "知道合同法已被民法典废止"
    assert set(course.media) == {"flow.png"}


def test_fingerprint_changes_with_lesson_text_only(root):
    refs, _ = load_references(root)
    before = load_courses(root, refs)[0]["sample-course"].fingerprint()
    _edit(root / "courses/sample-course/course.yml", "change_note: 首次发布", "change_note: 改了说明")
    assert load_courses(root, refs)[0]["sample-course"].fingerprint() == before
    _edit(root / "courses/sample-course/02-quiet-life.md", "礼貌、克制", "礼貌、耐心")
    assert load_courses(root, refs)[0]["sample-course"].fingerprint() != before


def test_bad_yaml_names_line(root):
    _edit(root / "courses/sample-course/course.yml", "category: contract", "category: [contract")
    _, messages = _messages(root)
    assert any(m.startswith("courses/sample-course/course.yml:") and "invalid YAML" in m for m in messages)


def test_missing_lesson_file_and_unknown_field(root):
    _edit(root / "courses/sample-course/course.yml", "  - 02-quiet-life.md", "  - 02-quiet-life.md\n  - 03-gone.md")
    _edit(root / "courses/sample-course/course.yml", "estimated_minutes: 20", "estimated_minutes: 20\ncolour: red")
    _, messages = _messages(root)
    assert "courses/sample-course/course.yml:13: lesson file '03-gone.md' does not exist" in messages
    assert "courses/sample-course/course.yml:7: unknown field 'colour'" in messages


def test_unknown_and_repealed_citations_name_lesson_line(root):
    _edit(
        root / "courses/sample-course/02-quiet-life.md", "[[law:civil-code-1033]]", "[[law:contract-law]] [[law:nope]]"
    )
    _, messages = _messages(root)
    assert "courses/sample-course/02-quiet-life.md:9: [[law:contract-law]] cites a repealed law as current" in messages
    assert "courses/sample-course/02-quiet-life.md:9: unknown law reference [[law:nope]]" in messages


def test_broken_image_and_bad_media_type(root):
    _edit(root / "courses/sample-course/01-breach.md", "media/flow.png", "media/missing.png")
    (root / "courses/sample-course/media/evil.svg").write_text("<svg/>")
    _, messages = _messages(root)
    assert any("01-breach.md:26: image 'media/missing.png'" in m for m in messages)
    assert any(m.startswith("courses/sample-course/media/evil.svg: ") for m in messages)


def test_front_matter_field_errors(root):
    _edit(root / "courses/sample-course/01-breach.md", "minutes: 10", "minutes: ten")
    _, messages = _messages(root)
    assert "courses/sample-course/01-breach.md:3: field 'minutes' must be a whole number of at least 1" in messages


def test_unknown_prerequisite_and_cycle(root):
    other = root / "courses/other-course"
    shutil.copytree(root / "courses/sample-course", other)
    _edit(other / "course.yml", "prerequisites: []", "prerequisites: [sample-course]")
    _edit(root / "courses/sample-course/course.yml", "prerequisites: []", "prerequisites: [other-course, ghost]")
    _, messages = _messages(root)
    assert "courses/sample-course/course.yml:8: unknown prerequisite 'ghost'" in messages
    assert (
        "courses/other-course/course.yml:8: prerequisite cycle: other-course -> sample-course -> other-course" in messages
    )


def test_missing_quiz_and_scenario_files(root):
    _edit(root / "courses/sample-course/course.yml", "scenarios: []", "scenarios: [first-call]")
    (root / "quizzes/sample-quiz.yml").unlink()
    _, messages = _messages(root)
    assert (
        "courses/sample-course/course.yml:14: certification.quiz 'sample-quiz': quizzes/sample-quiz.yml does not exist"
        in messages
    )
    assert (
        "courses/sample-course/course.yml:15: certification.scenarios: scenarios/first-call.yml does not exist"
        in messages
    )


def test_bad_slug_and_bilingual_field(root):
    shutil.copytree(root / "courses/sample-course", root / "courses/Bad_Slug")
    _edit(
        root / "courses/Bad_Slug/course.yml",
        'title: {zh: 示例课程：合规催收入门, en: "Sample course: compliant collection basics"}',
        "title: {en: only english}",
    )
    _, messages = _messages(root)
    assert any(m.startswith("courses/Bad_Slug/course.yml: course folder 'Bad_Slug'") for m in messages)
    assert "courses/Bad_Slug/course.yml:1: field 'title' needs a Chinese text (zh)" in messages


def test_reference_problems(root):
    path = root / "courses/_references/civil-code.yml"
    _edit(path, "  replaced_by: civil-code-1260", "  replaced_by: civil-code-9999")
    _edit(
        path,
        "  status: in_force\n  confidence: primary\ncivil-code-1260",
        "  status: valid\n  confidence: primary\ncivil-code-1260",
    )
    (root / "courses/_references/more.yml").write_text(
        "civil-code-577:\n  law: 重复\n  summary: 重复\n  status: in_force\n", encoding="utf-8"
    )
    refs, problems = load_references(root)
    messages = [str(p) for p in problems]
    assert (
        "courses/_references/civil-code.yml:14: civil-code-1033: field 'status' must be one of in_force, repealed"
        in messages
    )
    assert any("duplicate reference id 'civil-code-577'" in m for m in messages)
    assert any("replaced_by 'civil-code-9999' is not a known reference" in m for m in messages)


def test_flow_mapping_comma_is_caught(root):
    path = root / "courses/_references/civil-code.yml"
    _edit(
        path,
        'en: "Non-performance brings liability to perform, remedy or pay damages."',
        "en: Non-performance brings liability, remedy or damages.",
    )
    _, problems = load_references(root)
    assert any("unknown languages" in str(p) for p in problems)


def test_duplicate_key_in_one_file(root):
    with (root / "courses/_references/civil-code.yml").open("a", encoding="utf-8") as fh:
        fh.write("civil-code-577:\n  law: 重复\n  summary: 重复\n  status: in_force\n")
    _, problems = load_references(root)
    assert "courses/_references/civil-code.yml:29: duplicate key 'civil-code-577' (first on line 2)" in map(
        str, problems
    )
