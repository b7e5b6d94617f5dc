"""Drop ix_member_group_id: ix_member_group_status (group_id, status, unit_id) starts with the same
column and serves every lookup it served (the group's members, the foreign key's ON DELETE). One
index less to keep up on every member written, and to build again after a large import.

Revision ID: 0082
Revises: 0081
"""

from alembic import op

revision = "0082"
down_revision = "0081"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_member_group_id", table_name="member")


def downgrade() -> None:
    op.create_index("ix_member_group_id", "member", ["group_id"])
