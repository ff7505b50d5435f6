"""Certificates: issued certificates and the per-year serial counter.

Revision ID: certificates_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

revision = "certificates_0001"
down_revision = "0001_foundation"
branch_labels = ("certificates",)
depends_on = None


def upgrade():
    op.create_table(
        "certificate_serials",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_certificate_serials"),
    )
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(32), nullable=False),
        sa.Column("holder_name", sa.String(100), nullable=False),
        sa.Column("course_slug", sa.String(80), nullable=False),
        sa.Column("course_version_id", sa.Integer(), nullable=True),
        sa.Column("course_version", sa.Integer(), nullable=False),
        sa.Column("course_title_zh", sa.String(200), nullable=False),
        sa.Column("course_title_en", sa.String(200), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("quiz_attempt_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("replaces_serial", sa.String(32), nullable=True),
        sa.Column("head_key", sa.String(120), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("reassigned_at", sa.DateTime(), nullable=True),
        sa.Column("signature", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_certificates_user_id_users"),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["users.id"], name="fk_certificates_revoked_by_id_users"),
        sa.ForeignKeyConstraint(["replaces_id"], ["certificates.id"], name="fk_certificates_replaces_id_certificates"),
        sa.PrimaryKeyConstraint("id", name="pk_certificates"),
        sa.UniqueConstraint("serial", name="uq_certificates_serial"),
        sa.UniqueConstraint("code", name="uq_certificates_code"),
        sa.UniqueConstraint("head_key", name="uq_certificates_head_key"),
        sa.UniqueConstraint("year", "number", name="uq_certificates_year_number"),
    )
    op.create_index("ix_certificates_user_id", "certificates", ["user_id"])
    op.create_index("ix_certificates_course_slug", "certificates", ["course_slug"])
    op.create_index("ix_certificates_expires_at", "certificates", ["expires_at"])


def downgrade():
    op.drop_table("certificates")
    op.drop_table("certificate_serials")
