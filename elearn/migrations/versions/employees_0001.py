"""Employees: assignment rules, assignments, import batches.

Revision ID: employees_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

revision = "employees_0001"
down_revision = "0001_foundation"
branch_labels = ("employees",)
depends_on = None


def upgrade():
    op.create_table(
        "assignment_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(100), nullable=True),
        sa.Column("new_hire_days", sa.Integer(), nullable=False),
        sa.Column("due_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name="fk_assignment_rules_department_id_departments"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_assignment_rules_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_assignment_rules"),
    )
    op.create_index("ix_assignment_rules_course_slug", "assignment_rules", ["course_slug"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_slug", sa.String(80), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_assignments_user_id_users"),
        sa.ForeignKeyConstraint(["rule_id"], ["assignment_rules.id"], name="fk_assignments_rule_id_assignment_rules"),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["users.id"], name="fk_assignments_assigned_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.UniqueConstraint("user_id", "course_slug", name="uq_assignments_user_course"),
    )
    op.create_index("ix_assignments_user_id", "assignments", ["user_id"])
    op.create_index("ix_assignments_course_slug", "assignments", ["course_slug"])
    op.create_index("ix_assignments_due_at", "assignments", ["due_at"])
    op.create_index("ix_assignments_updated_at", "assignments", ["updated_at"])
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("deactivate_missing", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name="fk_import_batches_uploaded_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_import_batches"),
    )


def downgrade():
    op.drop_table("import_batches")
    op.drop_table("assignments")
    op.drop_table("assignment_rules")
