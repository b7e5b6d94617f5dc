"""Trust across periods and levels: the database's signing key, pinned unit keys, the key and
withdrawal of each submission, and closed-period snapshots.

Revision ID: 0010
Revises: 0003
"""

import base64

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

revision = "0010"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("key_pinned_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    op.create_table(
        "period_snapshot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("unit_id", "period", "revision", name="uq_period_snapshot"),
    )
    # Every database gets its key pair now (a new one is made at set-up in the same way).
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    bind = op.get_bind()
    if bind.execute(sa.select(setting.c.key).where(setting.c.key == "signing_key")).first() is None:
        op.bulk_insert(setting, [{"key": "signing_key", "value": base64.b64encode(raw).decode("ascii")}])


def downgrade() -> None:
    op.drop_table("period_snapshot")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("signing_key")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_column("key_pinned_at")
        batch_op.drop_column("signing_key")
    op.execute("DELETE FROM setting WHERE key = 'signing_key'")
