"""Courses: a trigram index for lesson search on PostgreSQL (the equivalent of SQLite's FTS5 trigram table).

Revision ID: courses_0002
Revises: courses_0001

pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner can create it. If it cannot be created
the index is skipped and search still works, by a sequential ILIKE scan.
"""
from alembic import op

revision = "courses_0002"
down_revision = "courses_0001"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        DO $$
        BEGIN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            EXCEPTION WHEN OTHERS THEN
                RAISE NOTICE 'pg_trgm is not available: lesson search scans without an index';
            END;
            IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                EXECUTE 'CREATE INDEX IF NOT EXISTS ix_lessons_plain_text_trgm ON lessons '
                        'USING gin (plain_text gin_trgm_ops)';
            END IF;
        END
        $$;
    """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_lessons_plain_text_trgm")
