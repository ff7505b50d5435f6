"""CourseSpec / Reference -> file texts, the inverse of the loaders.

Pure. Used by `content export` (write the database back to files), by the
version diff (compare what a trainer would author) and by the browser editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from elearn.courses.content import CourseSpec, LessonSpec, course_yaml_data


class _Dumper(yaml.SafeDumper):
    """Block style, but short {zh, en} mappings inline as authors write them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML as a trainer would write it: UTF-8 Chinese, keys in the given order."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def lesson_text(lesson: LessonSpec) -> str:
    """The .md file of a lesson: front matter between --- lines, then the body unchanged."""
    front = {"title": dict(lesson.title), "minutes": lesson.minutes, "objectives": list(lesson.objectives)}
    return f"---\n{dump_yaml(front)}---\n{lesson.body}"


def course_texts(spec: CourseSpec) -> dict[str, str]:
    """{file name: text} for course.yml and each lesson, in course order."""
    texts = {"course.yml": dump_yaml(course_yaml_data(spec))}
    texts.update({lesson.filename: lesson_text(lesson) for lesson in spec.lessons})
    return texts


def write_course(spec: CourseSpec, courses_dir: Path) -> Path:
    """Write `spec` to courses_dir/<slug>/ (course.yml, lessons, media/); returns the folder."""
    folder = Path(courses_dir) / spec.slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in course_texts(spec).items():
        (folder / name).write_text(text, encoding="utf-8")
    if spec.media:
        (folder / "media").mkdir(exist_ok=True)
        for name, blob in spec.media.items():
            (folder / "media" / name).write_bytes(blob)
    return folder


def references_text(refs: Mapping[str, Mapping[str, Any]]) -> str:
    """One glossary file from {id: fields} (fields as Reference.as_dict() gives them)."""
    return dump_yaml({ref_id: dict(fields) for ref_id, fields in refs.items()})
