"""Every field and action the services write into the audit trail reads in Vietnamese on the audit page."""

from __future__ import annotations

import re
from pathlib import Path

from kh06_desktop.services.protect.audit_query import ACTION_LABELS, FIELD_NAMES
from kh06_desktop.store import models

AUDITED = (models.Unit, models.WorkforceSnapshot, models.UnionGroup, models.Member, models.Position,
           models.Training, models.StudySession, models.HardshipCase, models.SupportVisit,
           models.WomenCommittee, models.Activity, models.ReportingPeriod)
# Bookkeeping columns never shown as a change.
INTERNAL = {"id", "unit_id", "name_folded", "sort_key", "created_at", "updated_at", "is_local", "training_id",
            "session_id"}
SERVICES = Path(__file__).resolve().parents[2] / "kh06_desktop" / "services"


def test_every_audited_column_has_a_vietnamese_label() -> None:
    missing = [f"{model.__tablename__}.{column.name}" for model in AUDITED for column in model.__table__.columns
               if column.name not in INTERNAL and column.name not in FIELD_NAMES]
    assert missing == []


def test_every_action_written_has_a_vietnamese_label() -> None:
    written = set()
    for source in SERVICES.rglob("*.py"):
        written |= set(re.findall(r'audit\.record\(\s*session,\s*"([a-z_]+)"', source.read_text(encoding="utf-8")))
    assert written and written <= set(ACTION_LABELS), sorted(written - set(ACTION_LABELS))
