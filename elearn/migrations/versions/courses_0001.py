"""Courses: glossary, courses, immutable versions, lessons, media, drafts, progress, lesson search.

Revision ID: courses_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

revision = "courses_0001"
down_revision = "0001_foundation"
branch_labels = ("courses",)
depends_on = None


def _id():
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade():
    op.create_table(
        "law_references", _id(),
        sa.Column("ref_id", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_law_references"),
        sa.UniqueConstraint("ref_id", name="uq_law_references_ref_id"),
    )
    op.create_table(
        "courses", _id(),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.UniqueConstraint("slug", name="uq_courses_slug"),
    )
    op.create_table(
        "course_versions", _id(),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("estimated_minutes", sa.Integer(), nullable=False),
        sa.Column("prerequisites", sa.JSON(), nullable=False),
        sa.Column("certification", sa.JSON(), nullable=False),
        sa.Column("recertify_on_new_version", sa.Boolean(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name="fk_course_versions_course_id_courses"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"], name="fk_course_versions_published_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_course_versions"),
        sa.UniqueConstraint("course_id", "version", name="uq_course_versions_course_version"),
    )
    op.create_index("ix_course_versions_course_id", "course_versions", ["course_id"])
    op.create_index("ix_course_versions_category", "course_versions", ["category"])
    with op.batch_alter_table("courses") as batch:
        batch.create_foreign_key("fk_courses_current_version_id_course_versions", "course_versions",
                                 ["current_version_id"], ["id"])
    op.create_table(
        "lessons", _id(),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("objectives", sa.JSON(), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("toc", sa.JSON(), nullable=False),
        sa.Column("plain_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["course_version_id"], ["course_versions.id"],
                                name="fk_lessons_course_version_id_course_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_lessons"),
        sa.UniqueConstraint("course_version_id", "slug", name="uq_lessons_course_version_slug"),
    )
    op.create_index("ix_lessons_course_version_id", "lessons", ["course_version_id"])
    op.create_table(
        "course_media", _id(),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["course_version_id"], ["course_versions.id"],
                                name="fk_course_media_course_version_id_course_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_course_media"),
        sa.UniqueConstraint("course_version_id", "name", name="uq_course_media_course_version_name"),
    )
    op.create_index("ix_course_media_course_version_id", "course_media", ["course_version_id"])
    op.create_table(
        "course_drafts", _id(),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_course_drafts_updated_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_course_drafts"),
        sa.UniqueConstraint("slug", name="uq_course_drafts_slug"),
    )
    op.create_table(
        "draft_media", _id(),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["course_drafts.id"], name="fk_draft_media_draft_id_course_drafts"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_media"),
        sa.UniqueConstraint("draft_id", "name", name="uq_draft_media_draft_name"),
    )
    op.create_index("ix_draft_media_draft_id", "draft_media", ["draft_id"])
    op.create_table(
        "lesson_progress", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("seconds_spent", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_lesson_progress_user_id_users"),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], name="fk_lesson_progress_lesson_id_lessons"),
        sa.ForeignKeyConstraint(["course_version_id"], ["course_versions.id"],
                                name="fk_lesson_progress_course_version_id_course_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_lesson_progress"),
        sa.UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),
    )
    op.create_index("ix_lesson_progress_user_id", "lesson_progress", ["user_id"])
    op.create_index("ix_lesson_progress_lesson_id", "lesson_progress", ["lesson_id"])
    op.create_index("ix_lesson_progress_course_version_id", "lesson_progress", ["course_version_id"])
    if op.get_bind().dialect.name == "sqlite":
        # Chinese has no word spaces: a trigram index finds any 3+ character substring (search.py).
        op.execute("CREATE VIRTUAL TABLE lesson_search USING fts5(lesson_id UNINDEXED, title, body, "
                   "tokenize='trigram')")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE lesson_search")
    for index, table in (("ix_lesson_progress_course_version_id", "lesson_progress"),
                         ("ix_lesson_progress_lesson_id", "lesson_progress"),
                         ("ix_lesson_progress_user_id", "lesson_progress")):
        op.drop_index(index, table_name=table)
    op.drop_table("lesson_progress")
    op.drop_index("ix_draft_media_draft_id", table_name="draft_media")
    op.drop_table("draft_media")
    op.drop_table("course_drafts")
    op.drop_index("ix_course_media_course_version_id", table_name="course_media")
    op.drop_table("course_media")
    op.drop_index("ix_lessons_course_version_id", table_name="lessons")
    op.drop_table("lessons")
    with op.batch_alter_table("courses") as batch:
        batch.drop_constraint("fk_courses_current_version_id_course_versions", type_="foreignkey")
    op.drop_index("ix_course_versions_category", table_name="course_versions")
    op.drop_index("ix_course_versions_course_id", table_name="course_versions")
    op.drop_table("course_versions")
    op.drop_table("courses")
    op.drop_table("law_references")
