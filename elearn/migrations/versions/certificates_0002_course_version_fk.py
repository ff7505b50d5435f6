"""Certificates: link each certificate to the exact course version it was earned on.

Revision ID: certificates_0002
Revises: certificates_0001
"""
from alembic import op

revision = "certificates_0002"
down_revision = "certificates_0001"
branch_labels = None
depends_on = ("courses_0001",)


def upgrade():
    with op.batch_alter_table("certificates") as batch:
        batch.create_foreign_key(
            "fk_certificates_course_version_id_course_versions", "course_versions", ["course_version_id"], ["id"]
        )
        batch.create_index("ix_certificates_course_version_id", ["course_version_id"])


def downgrade():
    with op.batch_alter_table("certificates") as batch:
        batch.drop_index("ix_certificates_course_version_id")
        batch.drop_constraint("fk_certificates_course_version_id_course_versions", type_="foreignkey")
