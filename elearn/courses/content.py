"""Course files -> frozen CourseSpec / LessonSpec, with every problem named by file and line.

Pure: no flask, no sqlalchemy (publishing lives in `elearn.courses.kind`).
Layout (docs/authoring.md): courses/<slug>/course.yml, NN-<name>.md lessons,
media/ images, scenarios/<id>.yml.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elearn.core.problems import Problem
from elearn.courses.markdown import IMAGE_EXTENSIONS, citation_problems, image_problems
from elearn.courses.prerequisites import prerequisite_problems
from elearn.courses.yamlio import Located, bilingual, parse_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
DEFAULT_CATEGORIES = ("contract", "consumer-rights", "privacy", "conduct", "negotiation")
COURSE_FIELDS = {
    "title",
    "summary",
    "category",
    "version",
    "change_note",
    "estimated_minutes",
    "audience",
    "prerequisites",
    "lessons",
    "certification",
    "recertify_on_new_version",
}
LESSON_FIELDS = {"title", "minutes", "objectives"}
CERT_FIELDS = {"lessons", "quiz", "scenarios", "validity_days"}
MAX_MEDIA_BYTES = 5 * 1024 * 1024
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class LessonSpec:
    """One lesson file: front matter plus the Markdown body."""

    filename: str
    title: Mapping[str, str]
    minutes: int
    objectives: tuple[str, ...]
    body: str

    @property
    def slug(self) -> str:
        return self.filename.removesuffix(".md")


@dataclass(frozen=True)
class Certification:
    """What a certificate needs: lessons ("all" or file names), a quiz slug, scenario ids."""

    lessons: str | tuple[str, ...] = "all"
    quiz: str | None = None
    scenarios: tuple[str, ...] = ()
    validity_days: int = 365


@dataclass(frozen=True)
class CourseSpec:
    """A whole course as read from its folder (media as name -> bytes)."""

    slug: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    category: str
    version: int
    change_note: str
    estimated_minutes: int
    audience: Mapping[str, str]
    prerequisites: tuple[str, ...]
    lessons: tuple[LessonSpec, ...]
    certification: Certification
    recertify_on_new_version: bool
    media: Mapping[str, bytes] = field(default_factory=dict)
    # where each prerequisite is written in course.yml (for problems; not part of the course's identity)
    prerequisite_lines: tuple[int, ...] = field(default=(), compare=False)

    def fingerprint(self) -> str:
        """A hash of everything a learner sees, so an edit without a version bump is caught."""
        data = course_yaml_data(self)
        data.pop("version", None)
        data.pop("change_note", None)
        data["_lessons"] = [lesson_file_data(lesson) for lesson in self.lessons]
        data["_media"] = {name: hashlib.sha256(blob).hexdigest() for name, blob in sorted(self.media.items())}
        return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def course_yaml_data(spec: CourseSpec) -> dict[str, Any]:
    """The course.yml mapping for `spec` (used by export and the fingerprint)."""
    cert = spec.certification
    return {
        "title": dict(spec.title),
        "summary": dict(spec.summary),
        "category": spec.category,
        "version": spec.version,
        "change_note": spec.change_note,
        "estimated_minutes": spec.estimated_minutes,
        "audience": dict(spec.audience),
        "prerequisites": list(spec.prerequisites),
        "lessons": [lesson.filename for lesson in spec.lessons],
        "certification": {
            "lessons": cert.lessons if isinstance(cert.lessons, str) else list(cert.lessons),
            "quiz": cert.quiz,
            "scenarios": list(cert.scenarios),
            "validity_days": cert.validity_days,
        },
        "recertify_on_new_version": spec.recertify_on_new_version,
    }


def lesson_file_data(lesson: LessonSpec) -> dict[str, Any]:
    """Front matter and body of a lesson as plain data."""
    return {
        "title": dict(lesson.title),
        "minutes": lesson.minutes,
        "objectives": list(lesson.objectives),
        "body": lesson.body,
    }


class _Collector:
    """Collects problems for one file so checks read as one line each."""

    def __init__(self, path: str, doc: Located | None = None) -> None:
        self.path, self.doc, self.problems = path, doc, []

    def add(self, message: str, *keys: Any, line: int | None = None) -> None:
        if line is None:
            line = self.doc.line(*keys) if self.doc is not None else 1
        self.problems.append(Problem(self.path, line, message))


def _text(c: _Collector, data: Mapping, name: str, required: bool = True) -> dict[str, str]:
    value, error = bilingual(data.get(name), required=required)
    if error:
        c.add(f"field {name!r} {error}", name)
    return value or {}


def _int(c: _Collector, data: Mapping, name: str, default: int | None = None, minimum: int = 0) -> int:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        c.add(f"field {name!r} must be a whole number of at least {minimum}", name)
        return default or 0
    return value


def _str_list(c: _Collector, data: Mapping, name: str) -> tuple[str, ...]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        c.add(f"field {name!r} must be a list of texts", name)
        return ()
    return tuple(value)


def split_front_matter(text: str, path: str) -> tuple[Located | None, str, int, list[Problem]]:
    """Split a lesson into (front matter, body, body's first line, problems)."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return None, text, 1, [Problem(path, 1, "a lesson starts with YAML front matter between --- lines")]
    doc, problems = parse_yaml(m.group(1) or "", path, line_offset=1)
    return doc, text[m.end() :], text.count("\n", 0, m.end()) + 1, problems


def parse_lesson(
    text: str, filename: str, path: str, refs: Mapping, media: set[str]
) -> tuple[LessonSpec | None, list[Problem]]:
    """Parse one lesson's text; checks front matter, citations and image links."""
    doc, body, body_line, problems = split_front_matter(text, path)
    if doc is None:
        return None, problems
    data = doc.data if isinstance(doc.data, Mapping) else {}
    c = _Collector(path, doc)
    if not isinstance(doc.data, Mapping):
        c.add("front matter must be a mapping (title, minutes, objectives)")
    for name in sorted(set(map(str, data)) - LESSON_FIELDS):
        c.add(f"unknown front matter field {name!r}", name)
    title = _text(c, data, "title")
    minutes = _int(c, data, "minutes", default=10, minimum=1)
    objectives = _str_list(c, data, "objectives")
    for line, message in citation_problems(body, refs) + image_problems(body, media):
        c.add(message, line=body_line + line - 1)
    if not body.strip():
        c.add("lesson has no text after the front matter", line=body_line)
    problems += c.problems
    if problems:
        return None, problems
    return LessonSpec(filename, title, minutes, objectives, body), []


def _certification(c: _Collector, data: Any, lessons: tuple[str, ...]) -> Certification:
    if data is None:
        return Certification()
    if not isinstance(data, Mapping):
        c.add("field 'certification' must be a mapping", "certification")
        return Certification()
    for name in sorted(set(map(str, data)) - CERT_FIELDS):
        c.add(f"unknown certification field {name!r}", "certification", name)
    need = data.get("lessons", "all")
    if need != "all":
        if not isinstance(need, list) or any(item not in lessons for item in need):
            c.add(
                "certification.lessons must be 'all' or a list of this course's lesson files",
                "certification",
                "lessons",
            )
            need = "all"
        else:
            need = tuple(need)
    quiz = data.get("quiz")
    if quiz is not None and (not isinstance(quiz, str) or not SLUG_RE.match(quiz)):
        c.add("certification.quiz must be a quiz slug", "certification", "quiz")
        quiz = None
    scenarios = _str_list(c, data, "scenarios") if "scenarios" in data else ()
    validity = _int(c, data, "validity_days", default=365, minimum=1)
    return Certification(need, quiz, scenarios, validity)


def read_media(course_dir: Path, where: str) -> tuple[dict[str, bytes], list[Problem]]:
    """Images in `course_dir/media`: allowed types only, each at most MAX_MEDIA_BYTES."""
    media_dir, media, problems = course_dir / "media", {}, []
    if not media_dir.is_dir():
        return media, problems
    for path in sorted(media_dir.iterdir()):
        rel = f"{where}/media/{path.name}"
        if path.is_dir() or path.name.startswith("."):
            continue
        if not path.name.lower().endswith(IMAGE_EXTENSIONS):
            problems.append(Problem(rel, None, "media files must be PNG, JPEG, GIF or WebP images"))
        elif path.stat().st_size > MAX_MEDIA_BYTES:
            problems.append(Problem(rel, None, f"image is larger than {MAX_MEDIA_BYTES // (1024 * 1024)} MB"))
        else:
            media[path.name] = path.read_bytes()
    return media, problems


def _read(path: Path, where: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [Problem(where, None, "file not found")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(where, None, f"cannot read file: {exc}")]


def _lesson_list(c: _Collector, data: Mapping) -> tuple[str, ...]:
    names = _str_list(c, data, "lessons")
    if not names and "lessons" in data:
        c.add("field 'lessons' must list at least one lesson file", "lessons")
    elif "lessons" not in data:
        c.add("field 'lessons' is required", "lessons")
    seen: set[str] = set()
    for index, name in enumerate(names):
        if not LESSON_RE.match(name):
            c.add(f"lesson file {name!r} must be named NN-name.md (lowercase ASCII, digits, dashes)", "lessons", index)
        if name in seen:
            c.add(f"lesson {name!r} is listed twice", "lessons", index)
        seen.add(name)
    return names


def _course_fields(c: _Collector, data: Mapping, categories: tuple[str, ...], root: Path) -> dict[str, Any]:
    for name in sorted(set(map(str, data)) - COURSE_FIELDS):
        c.add(f"unknown field {name!r}", name)
    category = data.get("category")
    if category not in categories:
        c.add(f"field 'category' must be one of {', '.join(categories)}", "category")
    recertify = data.get("recertify_on_new_version", False)
    if not isinstance(recertify, bool):
        c.add("field 'recertify_on_new_version' must be true or false", "recertify_on_new_version")
    lessons = _lesson_list(c, data)
    return {
        "title": _text(c, data, "title"),
        "summary": _text(c, data, "summary", required=False),
        "category": category,
        "version": _int(c, data, "version", minimum=1),
        "change_note": str(data.get("change_note") or ""),
        "audience": _text(c, data, "audience", required=False),
        "estimated_minutes": _int(c, data, "estimated_minutes", default=0, minimum=0),
        "prerequisites": _str_list(c, data, "prerequisites"),
        "lesson_names": lessons,
        "certification": _certification(c, data.get("certification"), lessons),
        "recertify_on_new_version": recertify is True,
    }


def _linked_files(c: _Collector, fields: dict, course_dir: Path, root: Path) -> None:
    cert: Certification = fields["certification"]
    if cert.quiz and not (root / "quizzes" / f"{cert.quiz}.yml").is_file():
        c.add(f"certification.quiz {cert.quiz!r}: quizzes/{cert.quiz}.yml does not exist", "certification", "quiz")
    for index, sid in enumerate(cert.scenarios):
        if not (course_dir / "scenarios" / f"{sid}.yml").is_file():
            c.add(f"certification.scenarios: scenarios/{sid}.yml does not exist", "certification", "scenarios", index)


def _load_lessons(c: _Collector, names, course_dir: Path, where: str, refs, media) -> list[LessonSpec]:
    lessons, problems = [], []
    for index, name in enumerate(names):
        text, found = _read(course_dir / name, f"{where}/{name}")
        if text is None:
            c.add(f"lesson file {name!r} does not exist", "lessons", index)
            continue
        lesson, found = parse_lesson(text, name, f"{where}/{name}", refs, set(media))
        problems += found
        if lesson:
            lessons.append(lesson)
    c.problems += problems
    return lessons


def load_course(
    course_dir: Path, root: Path, refs: Mapping, categories=DEFAULT_CATEGORIES
) -> tuple[CourseSpec | None, list[Problem]]:
    """Load one course folder; returns (spec, []) or (None, problems).

    Checks course.yml fields, lesson files and their front matter, citations
    (unknown or repealed), image links into media/, and that the certification
    quiz and scenarios exist as files.
    """
    course_dir, root = Path(course_dir), Path(root)
    where = course_dir.relative_to(root).as_posix()
    c = _Collector(f"{where}/course.yml")
    if not SLUG_RE.match(course_dir.name):
        c.problems.append(
            Problem(
                c.path, None, f"course folder {course_dir.name!r}: slugs are lowercase ASCII letters, digits and dashes"
            )
        )
    text, found = _read(course_dir / "course.yml", c.path)
    c.problems += found
    doc, found = parse_yaml(text, c.path) if text is not None else (None, [])
    c.problems += found
    if doc is None or not isinstance(doc.data, Mapping):
        if doc is not None:
            c.add("course.yml must be a mapping of fields")
        return None, c.problems
    c.doc = doc
    fields = _course_fields(c, doc.data, tuple(categories), root)
    _linked_files(c, fields, course_dir, root)
    media, found = read_media(course_dir, where)
    c.problems += found
    lessons = _load_lessons(c, fields.pop("lesson_names"), course_dir, where, refs, media)
    if c.problems:
        return None, c.problems
    lines = tuple(doc.line("prerequisites", i) for i in range(len(fields["prerequisites"])))
    return CourseSpec(slug=course_dir.name, lessons=tuple(lessons), media=media, prerequisite_lines=lines, **fields), []


def course_dirs(root: Path) -> list[Path]:
    """Course folders under root/courses (names starting with _ or . are shared files)."""
    courses = Path(root) / "courses"
    if not courses.is_dir():
        return []
    return sorted(p for p in courses.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def load_courses(
    root: Path, refs: Mapping, categories=DEFAULT_CATEGORIES
) -> tuple[dict[str, CourseSpec], list[Problem]]:
    """Load every course under root/courses; returns (slug -> spec, all problems)."""
    specs: dict[str, CourseSpec] = {}
    problems: list[Problem] = []
    lowered: dict[str, str] = {}
    for course_dir in course_dirs(root):
        key = course_dir.name.lower()
        if key in lowered:
            problems.append(
                Problem(f"courses/{course_dir.name}", None, f"duplicate course slug (also courses/{lowered[key]})")
            )
            continue
        lowered[key] = course_dir.name
        spec, found = load_course(course_dir, root, refs, categories)
        problems += found
        if spec:
            specs[spec.slug] = spec
    return specs, problems + prerequisite_problems(specs)
