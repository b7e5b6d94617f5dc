"""Each database gets an id: backups carry it in their names and a restore compares it.

A new database gets its id when it is created (this migration runs then); an existing one gets
one when it is first opened by this version.

Revision ID: 0080
Revises: 0070
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
depends_on = None

KEY = "database_id"


def upgrade() -> None:
    connection = op.get_bind()
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    exists = connection.execute(sa.select(setting.c.key).where(setting.c.key == KEY)).first()
    if exists is None:
        connection.execute(sa.insert(setting).values(key=KEY, value=uuid.uuid4().hex))


def downgrade() -> None:
    setting = sa.table("setting", sa.column("key", sa.String))
    op.get_bind().execute(sa.delete(setting).where(setting.c.key == KEY))
