"""Scenarios: a revision counter on runs, so two requests for the same turn cannot both apply.

Revision ID: scenarios_0002
Revises: scenarios_0001

Every change to a run (a turn, a step back, a hang-up) is an UPDATE ... WHERE revision = <the one read>
that also increments it (SQLAlchemy's version_id_col); the request that finds the counter moved on is
refused instead of applying its choice on top of the other one.
"""
import sqlalchemy as sa
from alembic import op

revision = "scenarios_0002"
down_revision = "scenarios_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("scenario_runs") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("scenario_runs") as batch:
        batch.drop_column("revision")
