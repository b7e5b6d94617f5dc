"""Reviews: the upper level's answer to a unit's submission (written at the upper level, taken in
by the unit from a `.kh06r` file).

Revision ID: 0070
Revises: 0040
"""

import sqlalchemy as sa
from alembic import op

revision = "0070"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("indicator_comments_json", sa.Text(), nullable=False),
        sa.Column("record_comments_json", sa.Text(), nullable=False),
        sa.Column("reviewer_name", sa.String(120), nullable=True),
        sa.Column("reviewer_title", sa.String(120), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("received", sa.Boolean(), nullable=False),
        sa.Column("upper_code", sa.String(40), nullable=True),
        sa.Column("upper_name", sa.String(255), nullable=True),
        sa.Column("upper_key", sa.String(64), nullable=True),
        sa.Column("review_sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_review_unit_period", "review", ["unit_id", "period"])


def downgrade() -> None:
    op.drop_index("ix_review_unit_period", table_name="review")
    op.drop_table("review")
