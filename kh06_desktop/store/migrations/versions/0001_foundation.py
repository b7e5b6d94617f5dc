"""Foundation: unit, workforce, union groups, members, positions, audit, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("old_values", sa.Text(), nullable=True),
        sa.Column("new_values", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )

    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("employer", sa.String(length=255), nullable=True),
        sa.Column("upper_union", sa.String(length=255), nullable=True),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("founding_date", sa.Date(), nullable=True),
        sa.Column("chair_name", sa.String(length=120), nullable=True),
        sa.Column("chair_title", sa.String(length=120), nullable=True),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("code", name=op.f("uq_unit_code")),
    )

    op.create_table(
        "union_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_folded", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_union_group_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_union_group")),
        sa.UniqueConstraint("unit_id", "name_folded", name="uq_group_unit_name"),
    )
    with op.batch_alter_table("union_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_union_group_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "workforce_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("total_workers", sa.Integer(), nullable=False),
        sa.Column("female_workers", sa.Integer(), nullable=False),
        sa.Column("eligible_workers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_workforce_snapshot_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_snapshot")),
        sa.UniqueConstraint("unit_id", "period", name="uq_workforce_unit_period"),
    )

    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("name_folded", sa.String(length=120), nullable=False),
        sa.Column("sort_key", sa.String(length=400), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("citizen_id", sa.String(length=12), nullable=True),
        sa.Column("card_number", sa.String(length=40), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=255), nullable=True),
        sa.Column("join_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["union_group.id"], name=op.f("fk_member_group_id_union_group"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_member_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index("ix_member_citizen_id", ["citizen_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_group_id"), ["group_id"], unique=False)
        batch_op.create_index("ix_member_name_folded", ["unit_id", "name_folded"], unique=False)
        batch_op.create_index("ix_member_unit_sort", ["unit_id", "sort_key"], unique=False)

    op.create_table(
        "position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["union_group.id"],
            name=op.f("fk_position_group_id_union_group"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_position_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_position_role", ["role", "member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index("ix_position_role")
        batch_op.drop_index(batch_op.f("ix_position_member_id"))

    op.drop_table("position")

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index("ix_member_unit_sort")
        batch_op.drop_index("ix_member_name_folded")
        batch_op.drop_index(batch_op.f("ix_member_group_id"))
        batch_op.drop_index("ix_member_citizen_id")

    op.drop_table("member")

    op.drop_table("workforce_snapshot")

    with op.batch_alter_table("union_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_union_group_unit_id"))

    op.drop_table("union_group")

    op.drop_table("unit")

    op.drop_table("setting")

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index("ix_audit_entity")

    op.drop_table("audit_log")
