"""SQLAlchemy 2.0 typed models.

Every row belongs to a unit (`unit_id`), so one schema serves a grassroots union (one unit row,
`is_local`) and an upper union that consolidates many units. Enumerations are stored as the
short English codes of `kh06_desktop.domain.enums`; names are NFC, with a folded copy for
search and a Vietnamese sort key for ordering in SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names make Alembic's batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Setting(Base):
    """Key/value settings kept in the database (mode, period end dates, backup folder…)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    employer: Mapped[str | None] = mapped_column(String(255))
    upper_union: Mapped[str | None] = mapped_column(String(255))
    sector: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(255))
    founding_date: Mapped[dt.date | None] = mapped_column(Date)
    chair_name: Mapped[str | None] = mapped_column(String(120))
    chair_title: Mapped[str | None] = mapped_column(String(120))
    # True for the unit this database belongs to; False for units consolidated from files.
    is_local: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    # Upper level: the unit's public key (base64), pinned on the first file accepted from it.
    signing_key: Mapped[str | None] = mapped_column(String(64))
    key_pinned_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class WorkforceSnapshot(Base):
    """HR figures of a unit for a reporting period (denominators of targets 1 and 2)."""

    __tablename__ = "workforce_snapshot"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_workforce_unit_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    total_workers: Mapped[int] = mapped_column(Integer, default=0)
    female_workers: Mapped[int] = mapped_column(Integer, default=0)
    eligible_workers: Mapped[int] = mapped_column(Integer, default=0)


class UnionGroup(Base):
    __tablename__ = "union_group"
    __table_args__ = (UniqueConstraint("unit_id", "name_folded", name="uq_group_unit_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120))


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        Index("ix_member_unit_sort", "unit_id", "sort_key"),
        Index("ix_member_citizen_id", "citizen_id"),
        Index("ix_member_name_folded", "unit_id", "name_folded"),
        # Covers the per-group counts of the groups page; group first, so the indicator queries
        # (which filter by unit and dates) keep their own plans.
        Index("ix_member_group_status", "group_id", "status", "unit_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    full_name: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(80))
    name_folded: Mapped[str] = mapped_column(String(120))
    sort_key: Mapped[str] = mapped_column(String(400))
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    citizen_id: Mapped[str | None] = mapped_column(String(12))
    card_number: Mapped[str | None] = mapped_column(String(40))
    # Indexed as the first column of ix_member_group_status (migration 0082 dropped its own index).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("union_group.id", ondelete="SET NULL"))
    department: Mapped[str | None] = mapped_column(String(255))
    join_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="active")
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Position(Base):
    """A role held by a member from `start_date` to `end_date` (open when None)."""

    __tablename__ = "position"
    __table_args__ = (Index("ix_position_role", "role", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    # The union group a leader or deputy leads (None for unit-wide roles).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("union_group.id", ondelete="SET NULL"))


class AuditEntry(Base):
    """Who changed what, when, with old and new values as JSON."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    actor: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))  # create / update / delete / import / …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    old_values: Mapped[str | None] = mapped_column(Text)
    new_values: Mapped[str | None] = mapped_column(Text)


# --- Revision 0002: activities, periods, women's committee, reports and exchange ----------


class ReportingPeriod(Base):
    """A reporting period of a unit: its end date, report details and closing state."""

    __tablename__ = "reporting_period"
    __table_args__ = (UniqueConstraint("unit_id", "code", name="uq_period_unit_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(8))  # 2025, 2025H1, 2025H2
    end_date: Mapped[dt.date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    proposals: Mapped[str | None] = mapped_column(Text)
    report_number: Mapped[str | None] = mapped_column(String(40))
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    assessment: Mapped[str | None] = mapped_column(Text)  # overall assessment and next period's direction


class Training(Base):
    """Union-work training (tập huấn nghiệp vụ): attendance counts for targets 4a and 4b."""

    __tablename__ = "training"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(255))
    level: Mapped[str | None] = mapped_column(String(120))  # organising level
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(255))


class TrainingAttendee(Base):
    __tablename__ = "training_attendee"
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True, index=True)


class StudySession(Base):
    """Study or dissemination session (học tập, quán triệt): target 2."""

    __tablename__ = "study_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(255))
    date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(255))
    non_member_count: Mapped[int] = mapped_column(Integer, default=0)


class StudyAttendee(Base):
    __tablename__ = "study_attendee"
    session_id: Mapped[int] = mapped_column(ForeignKey("study_session.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True, index=True)


class HardshipCase(Base):
    __tablename__ = "hardship_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(255))
    # Health details are sensitive personal data: never exported or printed unless asked.
    details: Mapped[str | None] = mapped_column(Text)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)


class SupportVisit(Base):
    __tablename__ = "support_visit"
    __table_args__ = (CheckConstraint("value_vnd >= 0", name="value_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hardship_case.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))  # visit / gift / allowance
    value_vnd: Mapped[int] = mapped_column(Integer, default=0)
    fund_source: Mapped[str | None] = mapped_column(String(120))


class WomenCommittee(Base):
    __tablename__ = "women_committee"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), unique=True)
    established: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    # Manual override of the computed eligibility, with the reason recorded.
    eligible_override: Mapped[bool | None] = mapped_column(Boolean)
    override_reason: Mapped[str | None] = mapped_column(Text)


class Activity(Base):
    """Something the unit did, tagged with one of the plan's seven solution groups."""

    __tablename__ = "activity"
    __table_args__ = (CheckConstraint("solution_group BETWEEN 1 AND 7", name="solution_group_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    solution_group: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class PrintedReport(Base):
    """A report produced for a period: which revision it printed and its digest."""

    __tablename__ = "printed_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    number: Mapped[str | None] = mapped_column(String(40))
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ExportRecord(Base):
    """A .kh06 file the unit sent: what and when."""

    __tablename__ = "export_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    revision: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    with_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Submission(Base):
    """Upper level: a unit's data file as received; older revisions stay as history."""

    __tablename__ = "submission"
    __table_args__ = (Index("ix_submission_unit_period", "unit_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    revision: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    indicators_json: Mapped[str | None] = mapped_column(Text)  # as the unit computed them
    signing_key: Mapped[str | None] = mapped_column(String(64))  # the key that signed the file
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class PeriodSnapshot(Base):
    """A unit's closed period as it was closed: the data file's `data.json` of that moment
    (rows with personal data, and the indicators), so the period's figures, reports and export
    never move afterwards. One per closing (revision)."""

    __tablename__ = "period_snapshot"
    __table_args__ = (UniqueConstraint("unit_id", "period", "revision", name="uq_period_snapshot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    revision: Mapped[int] = mapped_column(Integer)
    end_date: Mapped[dt.date] = mapped_column(Date)
    data_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Review(Base):
    """The upper level's review of a unit's submission for a period.

    At the upper level (`received` False) it is written by its officer about a consolidated unit;
    at the unit (`received` True) it is what a `.kh06r` file brought back, with the upper level
    that signed it. Comments are JSON: {indicator id: text} and [{kind, name, text}]."""

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_unit_period", "unit_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(8))
    revision: Mapped[int] = mapped_column(Integer)
    file_sha256: Mapped[str] = mapped_column(String(64))  # the reviewed .kh06 file
    status: Mapped[str] = mapped_column(String(20))  # accepted | needs_correction
    comment: Mapped[str | None] = mapped_column(Text)
    indicator_comments_json: Mapped[str] = mapped_column(Text, default="{}")
    record_comments_json: Mapped[str] = mapped_column(Text, default="[]")
    reviewer_name: Mapped[str | None] = mapped_column(String(120))
    reviewer_title: Mapped[str | None] = mapped_column(String(120))
    review_date: Mapped[dt.date] = mapped_column(Date)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    upper_code: Mapped[str | None] = mapped_column(String(40))
    upper_name: Mapped[str | None] = mapped_column(String(255))
    upper_key: Mapped[str | None] = mapped_column(String(64))
    review_sha256: Mapped[str | None] = mapped_column(String(64))  # the .kh06r file taken in
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
