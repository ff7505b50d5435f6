"""Scenarios: scenarios, immutable scenario versions, learners' runs.

Revision ID: scenarios_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

revision = "scenarios_0001"
down_revision = "0001_foundation"
branch_labels = ("scenarios",)
depends_on = None


def upgrade():
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(80), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenarios"),
        sa.UniqueConstraint("course_slug", "slug", name="uq_scenarios_course_slug"),
    )
    op.create_index("ix_scenarios_course_slug", "scenarios", ["course_slug"])
    op.create_table(
        "scenario_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("rules_source", sa.Text(), nullable=False),
        sa.Column("rendered", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], name="fk_scenario_versions_scenario_id_scenarios"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"], name="fk_scenario_versions_published_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_versions"),
        sa.UniqueConstraint("scenario_id", "version", name="uq_scenario_versions_scenario_version"),
    )
    op.create_index("ix_scenario_versions_scenario_id", "scenario_versions", ["scenario_id"])
    op.create_table(
        "scenario_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(12), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("stepped_back", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("ending", sa.String(80), nullable=True),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("violations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_scenario_runs_user_id_users"),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"], name="fk_scenario_runs_scenario_id_scenarios"),
        sa.ForeignKeyConstraint(["version_id"], ["scenario_versions.id"],
                                name="fk_scenario_runs_version_id_scenario_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_runs"),
    )
    op.create_index("ix_scenario_runs_user_scenario", "scenario_runs", ["user_id", "scenario_id"])
    op.create_index("ix_scenario_runs_scenario_id", "scenario_runs", ["scenario_id"])
    op.create_index("ix_scenario_runs_version_id", "scenario_runs", ["version_id"])


def downgrade():
    op.drop_table("scenario_runs")
    op.drop_table("scenario_versions")
    op.drop_table("scenarios")
