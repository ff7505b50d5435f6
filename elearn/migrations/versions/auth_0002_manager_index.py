"""Index users.manager_id: team views look people up by their manager.

Revision ID: auth_0002
Revises: auth_0001
Create Date: 2026-11-28
"""
from alembic import op

revision = "auth_0002"
down_revision = "auth_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_manager_id", "users", ["manager_id"])


def downgrade():
    op.drop_index("ix_users_manager_id", table_name="users")
