"""Certificates: bulk ZIP jobs run by the task queue.

Revision ID: certificates_0003
Revises: certificates_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "certificates_0003"
down_revision = "certificates_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "certificate_bundles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("course_slug", sa.String(80), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("filename", sa.String(200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name="fk_certificate_bundles_requested_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_bundles"),
    )
    op.create_index("ix_certificate_bundles_requested_by_id", "certificate_bundles", ["requested_by_id"])


def downgrade():
    op.drop_table("certificate_bundles")
