"""The period report's overall assessment and next period's direction, kept with the period.

Revision ID: 0040
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reporting_period", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessment", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reporting_period", schema=None) as batch_op:
        batch_op.drop_column("assessment")
