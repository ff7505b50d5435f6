"""Account lockout after repeated wrong passwords.

Revision ID: auth_0001
Revises: 0001_foundation
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "auth_0001"
down_revision = "0001_foundation"
branch_labels = ("auth",)
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")
