"""Activities, reporting periods, women's committee, printed reports, exports and submissions.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("solution_group", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("solution_group BETWEEN 1 AND 7", name=op.f("ck_activity_solution_group_range")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_activity_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("with_personal_data", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_export_record_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
    )
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_record_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "printed_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_printed_report_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_report")),
    )
    with op.batch_alter_table("printed_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printed_report_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "reporting_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("proposals", sa.Text(), nullable=True),
        sa.Column("report_number", sa.String(length=40), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=True),
        sa.Column("signer_title", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_reporting_period_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_period")),
        sa.UniqueConstraint("unit_id", "code", name="uq_period_unit_code"),
    )

    op.create_table(
        "study_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=255), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=255), nullable=True),
        sa.Column("non_member_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_study_session_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_session")),
    )
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_session_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("generated_at", sa.String(length=40), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("indicators_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_submission_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index("ix_submission_unit_period", ["unit_id", "period"], unique=False)

    op.create_table(
        "training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("level", sa.String(length=120), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_training_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training")),
    )
    with op.batch_alter_table("training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "women_committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("established", sa.Boolean(), nullable=False),
        sa.Column("decision_number", sa.String(length=60), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("eligible_override", sa.Boolean(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_women_committee_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_women_committee")),
        sa.UniqueConstraint("unit_id", name=op.f("uq_women_committee_unit_id")),
    )

    op.create_table(
        "hardship_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_hardship_case_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_hardship_case_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_case")),
    )
    with op.batch_alter_table("hardship_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hardship_case_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hardship_case_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "study_attendee",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_study_attendee_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["study_session.id"],
            name=op.f("fk_study_attendee_session_id_study_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "member_id", name=op.f("pk_study_attendee")),
    )
    with op.batch_alter_table("study_attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_attendee_member_id"), ["member_id"], unique=False)

    op.create_table(
        "training_attendee",
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_training_attendee_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["training.id"],
            name=op.f("fk_training_attendee_training_id_training"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("training_id", "member_id", name=op.f("pk_training_attendee")),
    )
    with op.batch_alter_table("training_attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_attendee_member_id"), ["member_id"], unique=False)

    op.create_table(
        "support_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("value_vnd", sa.Integer(), nullable=False),
        sa.Column("fund_source", sa.String(length=120), nullable=True),
        sa.CheckConstraint("value_vnd >= 0", name=op.f("ck_support_visit_value_not_negative")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["hardship_case.id"],
            name=op.f("fk_support_visit_case_id_hardship_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_visit")),
    )
    with op.batch_alter_table("support_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_visit_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("support_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_visit_case_id"))

    op.drop_table("support_visit")

    with op.batch_alter_table("training_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_attendee_member_id"))

    op.drop_table("training_attendee")

    with op.batch_alter_table("study_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_attendee_member_id"))

    op.drop_table("study_attendee")

    with op.batch_alter_table("hardship_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_case_unit_id"))
        batch_op.drop_index(batch_op.f("ix_hardship_case_member_id"))

    op.drop_table("hardship_case")

    op.drop_table("women_committee")

    with op.batch_alter_table("training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_unit_id"))

    op.drop_table("training")

    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_unit_period")

    op.drop_table("submission")

    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_session_unit_id"))

    op.drop_table("study_session")

    op.drop_table("reporting_period")

    with op.batch_alter_table("printed_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printed_report_unit_id"))

    op.drop_table("printed_report")

    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_record_unit_id"))

    op.drop_table("export_record")

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_unit_id"))

    op.drop_table("activity")
