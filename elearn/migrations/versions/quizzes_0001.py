"""Quizzes: quizzes, immutable quiz versions, attempts.

Revision ID: quizzes_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

revision = "quizzes_0001"
down_revision = "0001_foundation"
branch_labels = ("quizzes",)
depends_on = None


def upgrade():
    op.create_table(
        "quizzes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("course_slug", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quizzes"),
        sa.UniqueConstraint("slug", name="uq_quizzes_slug"),
    )
    op.create_index("ix_quizzes_course_slug", "quizzes", ["course_slug"])
    op.create_table(
        "quiz_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("rendered", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["quiz_id"], ["quizzes.id"], name="fk_quiz_versions_quiz_id_quizzes"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"], name="fk_quiz_versions_published_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_versions"),
        sa.UniqueConstraint("quiz_id", "version", name="uq_quiz_versions_quiz_version"),
    )
    op.create_index("ix_quiz_versions_quiz_id", "quiz_versions", ["quiz_id"])
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("quiz_version_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("graded_at", sa.DateTime(), nullable=True),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("responses", sa.JSON(), nullable=False),
        sa.Column("manual", sa.JSON(), nullable=False),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("graded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["quiz_id"], ["quizzes.id"], name="fk_quiz_attempts_quiz_id_quizzes"),
        sa.ForeignKeyConstraint(["quiz_version_id"], ["quiz_versions.id"],
                                name="fk_quiz_attempts_quiz_version_id_quiz_versions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_quiz_attempts_user_id_users"),
        sa.ForeignKeyConstraint(["graded_by_id"], ["users.id"], name="fk_quiz_attempts_graded_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempts"),
        sa.UniqueConstraint("user_id", "quiz_id", "number", name="uq_quiz_attempts_user_quiz_number"),
    )
    op.create_index("ix_quiz_attempts_quiz_version_id", "quiz_attempts", ["quiz_version_id"])
    op.create_index("ix_quiz_attempts_user_id", "quiz_attempts", ["user_id"])
    op.create_index("ix_quiz_attempts_quiz_status", "quiz_attempts", ["quiz_id", "status"])


def downgrade():
    op.drop_table("quiz_attempts")
    op.drop_table("quiz_versions")
    op.drop_table("quizzes")
