"""The migrations build exactly the schema the models describe (the test database is built by running them)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from elearn.extensions import db
from elearn.models import import_all


def test_models_and_migrations_agree(app):
    import_all()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False, "render_as_batch": True})
        diff = compare_metadata(context, db.metadata)
    # the lesson search index (SQLite FTS5 / PostgreSQL trigram) is created by raw SQL in the courses migration
    diff = [d for d in diff if "lesson_search" not in repr(d) and "_trgm" not in repr(d)]
    assert diff == [], "\n".join(map(repr, diff))
