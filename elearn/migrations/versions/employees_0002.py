"""Employees: import batches get a status and an error, so large imports can run in the task queue.

Revision ID: employees_0002
Revises: employees_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "employees_0002"
down_revision = "employees_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="previewed"))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("error")
        batch.drop_column("status")
