"""Writing a course back to files gives files the loader reads into the same course."""

from pathlib import Path

from elearn.courses.content import load_courses
from elearn.courses.files import course_texts, references_text, write_course
from elearn.courses.references import load_references

FIXTURE = Path(__file__).parents[1] / "fixtures/content"


def test_course_round_trip(tmp_path):
    refs, _ = load_references(FIXTURE)
    spec = load_courses(FIXTURE, refs)[0]["sample-course"]
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes/sample-quiz.yml").write_text("title: x\n", encoding="utf-8")
    write_course(spec, tmp_path / "courses")
    (tmp_path / "courses/_references").mkdir()
    text = references_text({ref.id: ref.as_dict() for ref in refs.values()})
    (tmp_path / "courses/_references/all.yml").write_text(text, encoding="utf-8")
    refs2, problems = load_references(tmp_path)
    again, found = load_courses(tmp_path, refs2)
    assert problems == [] and found == []
    assert again["sample-course"] == spec
    assert again["sample-course"].fingerprint() == spec.fingerprint()
    assert {ref.id: ref.as_dict() for ref in refs2.values()} == {ref.id: ref.as_dict() for ref in refs.values()}


def test_course_texts_are_what_a_trainer_writes():
    refs, _ = load_references(FIXTURE)
    texts = course_texts(load_courses(FIXTURE, refs)[0]["sample-course"])
    assert list(texts) == ["course.yml", "01-breach.md", "02-quiet-life.md"]
    assert "title:\n  zh: 示例课程：合规催收入门" in texts["course.yml"]
    assert texts["01-breach.md"].startswith("---\ntitle:\n  zh: 逾期还款是违约\n")
