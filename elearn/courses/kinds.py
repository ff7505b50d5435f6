"""The two content kinds courses owns: the law glossary (references) and courses.

`check` is pure; `cross_check` of courses also compares versions with the
database when an app context is active (so `content check` already says
"bump version"); `publish` calls the publishing services.
"""

from __future__ import annotations

from pathlib import Path

from elearn.core.problems import Problem
from elearn.courses.content import DEFAULT_CATEGORIES, load_courses
from elearn.courses.references import load_references


def _categories() -> tuple[str, ...]:
    from flask import current_app, has_app_context

    extra = tuple(current_app.config.get("COURSE_CATEGORIES_EXTRA", ())) if has_app_context() else ()
    return DEFAULT_CATEGORIES + tuple(c for c in extra if c not in DEFAULT_CATEGORIES)


class ReferencesKind:
    """`courses/_references/*.yml`: every law the content may cite."""

    name = "references"

    def check(self, root: Path, ctx: dict) -> list[Problem]:
        """Parse the glossary into ctx['references'] (id -> Reference)."""
        refs, problems = load_references(Path(root))
        ctx[self.name] = refs
        return problems

    def cross_check(self, ctx: dict) -> list[Problem]:
        """Nothing to compare: the glossary refers only to itself."""
        return []

    def publish(self, ctx: dict, now) -> list[str]:
        """Add new and changed glossary entries to the database."""
        from elearn.courses.publishing import upsert_references

        return upsert_references(ctx.get(self.name, {}), now)


class CoursesKind:
    """`courses/<slug>/`: course.yml, lessons and media."""

    name = "courses"

    def check(self, root: Path, ctx: dict) -> list[Problem]:
        """Parse every course into ctx['courses'] (slug -> CourseSpec), citations checked against the glossary."""
        specs, problems = load_courses(Path(root), ctx.get("references") or {}, _categories())
        ctx[self.name] = specs
        return problems

    def cross_check(self, ctx: dict) -> list[Problem]:
        """Versions against the database: an edited course needs a higher version number."""
        from flask import has_app_context

        if not has_app_context():
            return []
        from sqlalchemy.exc import DatabaseError

        from elearn.courses.publishing import version_problems
        from elearn.extensions import db

        problems = []
        try:
            for slug, spec in sorted(ctx.get(self.name, {}).items()):
                problems += version_problems(spec, f"courses/{slug}/course.yml")
        except DatabaseError:  # no database yet (a trainer's checkout): the files alone are checked
            db.session.rollback()
            return []
        return problems

    def publish(self, ctx: dict, now) -> list[str]:
        """Publish each course whose version is new; unchanged ones are skipped."""
        from elearn.courses.publishing import publish_spec

        refs = ctx.get("references") or {}
        lines = []
        for spec in ctx.get(self.name, {}).values():
            version = publish_spec(spec, refs, None, now)
            if version is not None:
                lines.append(f"published course {spec.slug} v{spec.version}")
        return lines


REFERENCES_KIND = ReferencesKind()
KIND = CoursesKind()
