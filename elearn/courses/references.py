"""The law glossary: `courses/_references/*.yml` (and `courses/_references.yml`) -> Reference.

Pure: no flask, no sqlalchemy. Facts come from the shared law-facts file; this
loader only checks the shape, ids, statuses and `replaced_by` links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elearn.core.problems import Problem
from elearn.courses.markdown import REF_ID_RE
from elearn.courses.yamlio import Located, bilingual, parse_yaml

STATUSES = ("in_force", "repealed")
CONFIDENCES = ("primary", "secondary")
FIELDS = {"law", "short", "article", "summary", "effective", "status", "confidence", "replaced_by"}


@dataclass(frozen=True)
class Reference:
    """One citable law or article."""

    id: str
    law: Mapping[str, str]
    article: Mapping[str, str]
    summary: Mapping[str, str]
    effective: dt.date | None
    status: str
    confidence: str | None
    replaced_by: str | None
    path: str
    line: int
    short: Mapping[str, str] | None = None

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    def as_dict(self) -> dict[str, Any]:
        """The fields a file or the database stores (no path or line)."""
        out: dict[str, Any] = {"law": dict(self.law)}
        if self.short:
            out["short"] = dict(self.short)
        if self.article:
            out["article"] = dict(self.article)
        out["summary"] = dict(self.summary)
        if self.effective:
            out["effective"] = self.effective
        out["status"] = self.status
        if self.confidence:
            out["confidence"] = self.confidence
        if self.replaced_by:
            out["replaced_by"] = self.replaced_by
        return out


def reference_files(root: Path) -> list[Path]:
    """The glossary files under `root/courses`, in a stable order."""
    courses = Path(root) / "courses"
    files = sorted((courses / "_references").glob("*.yml")) if (courses / "_references").is_dir() else []
    single = courses / "_references.yml"
    return files + ([single] if single.is_file() else [])


def _field_problems(doc: Located, rid: str, entry: Mapping, where: str) -> list[Problem]:
    problems = []
    line = doc.line(rid)
    for name in sorted(set(map(str, entry)) - FIELDS):
        problems.append(Problem(where, doc.line(rid, name), f"{rid}: unknown field {name!r}"))
    for name, required in (("law", True), ("summary", True), ("article", False), ("short", False)):
        _, error = bilingual(entry.get(name), required=required)
        if error:
            problems.append(Problem(where, doc.line(rid, name), f"{rid}: field {name!r} {error}"))
    if entry.get("status") not in STATUSES:
        problems.append(
            Problem(where, doc.line(rid, "status"), f"{rid}: field 'status' must be one of {', '.join(STATUSES)}")
        )
    if entry.get("confidence") is not None and entry.get("confidence") not in CONFIDENCES:
        problems.append(
            Problem(where, doc.line(rid, "confidence"), f"{rid}: field 'confidence' must be primary or secondary")
        )
    effective = entry.get("effective")
    if effective is not None and not isinstance(effective, dt.date):
        problems.append(
            Problem(where, doc.line(rid, "effective"), f"{rid}: field 'effective' must be a date (YYYY-MM-DD)")
        )
    if not REF_ID_RE.match(rid):
        problems.append(
            Problem(where, line, f"reference id {rid!r} must be lowercase ASCII letters, digits and dashes")
        )
    return problems


def _build(doc: Located, rid: str, entry: Mapping, where: str) -> Reference:
    text = {
        name: bilingual(entry.get(name), required=False)[0] or {} for name in ("law", "article", "summary", "short")
    }
    return Reference(
        id=rid,
        law=text["law"],
        article=text["article"],
        summary=text["summary"],
        effective=entry.get("effective"),
        status=entry.get("status"),
        confidence=entry.get("confidence"),
        replaced_by=entry.get("replaced_by"),
        path=where,
        line=doc.line(rid),
        short=text["short"] or None,
    )


def _load_file(path: Path, root: Path) -> tuple[list[Reference], list[Problem]]:
    where = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(where, None, f"cannot read file: {exc}")]
    doc, problems = parse_yaml(text, where)
    if doc is None or doc.data is None:
        return [], problems
    if not isinstance(doc.data, Mapping):
        return [], [Problem(where, 1, "a references file is a mapping of reference id -> fields")]
    refs = []
    for rid, entry in doc.data.items():
        rid = str(rid)
        if not isinstance(entry, Mapping):
            problems.append(Problem(where, doc.line(rid), f"{rid}: expected a mapping of fields"))
            continue
        found = _field_problems(doc, rid, entry, where)
        problems += found
        if not found:
            refs.append(_build(doc, rid, entry, where))
    return refs, problems


def _link_problems(refs: Mapping[str, Reference]) -> list[Problem]:
    problems = []
    for ref in refs.values():
        target = refs.get(ref.replaced_by) if ref.replaced_by else None
        if ref.replaced_by and target is None:
            problems.append(
                Problem(ref.path, ref.line, f"{ref.id}: replaced_by {ref.replaced_by!r} is not a known reference")
            )
        elif target is not None and not target.in_force:
            problems.append(
                Problem(ref.path, ref.line, f"{ref.id}: replaced_by {ref.replaced_by!r} is itself repealed")
            )
        if ref.status == "repealed" and not ref.replaced_by:
            problems.append(Problem(ref.path, ref.line, f"{ref.id}: a repealed law needs replaced_by"))
    return problems


def load_references(root: Path) -> tuple[dict[str, Reference], list[Problem]]:
    """Load every glossary file under `root`; returns (id -> Reference, problems).

    Duplicate ids across files, unknown fields, bad statuses and dangling
    `replaced_by` links are problems; valid entries are still returned so the
    course checker can report citations against them.
    """
    root = Path(root)
    refs: dict[str, Reference] = {}
    problems: list[Problem] = []
    for path in reference_files(root):
        loaded, found = _load_file(path, root)
        problems += found
        for ref in loaded:
            if ref.id in refs:
                first = refs[ref.id]
                problems.append(
                    Problem(
                        ref.path, ref.line, f"duplicate reference id {ref.id!r} (first at {first.path}:{first.line})"
                    )
                )
            else:
                refs[ref.id] = ref
    return refs, problems + _link_problems(refs)
