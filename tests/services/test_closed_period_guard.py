"""Once a period is closed, writes that would change its figures are refused everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.enums import MemberStatus, Role, SupportKind
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import activities, hardship, studies, trainings, women_committee
from kh06_desktop.services.common.errors import Conflict
from kh06_desktop.services.members import members
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import reopen_period
from kh06_desktop.services.unit import units

BEFORE_END = dt.date(2025, 3, 10)  # inside 2025H1 (ends 31/05/2025)
AFTER_END = dt.date(2025, 7, 1)


def _draft(name: str, joined: dt.date):  # type: ignore[no-untyped-def]
    return validate_member({"full_name": name, "gender": "Nữ", "birth_date": "01/02/1990",
                            "join_date": joined}).draft


@pytest.fixture
def closed(db, unit):  # type: ignore[no-untyped-def]
    member_id = members.create_member(db, unit.id, _draft("Lê Thị Mai", dt.date(2020, 1, 1)))
    training_id = trainings.create_training(db, unit.id, title="Tập huấn nghiệp vụ", start_date=BEFORE_END)
    study_id = studies.create_study(db, unit.id, topic="Quán triệt Nghị quyết 02-NQ/TW", date=BEFORE_END)
    case_id = hardship.create_case(db, unit.id, member_id=member_id, reason="Ốm đau dài ngày", opened_on=BEFORE_END)
    close_period(db, unit.id, "2025H1")
    return unit, member_id, training_id, study_id, case_id


def test_writes_dated_inside_a_closed_period_are_refused(db, closed) -> None:  # type: ignore[no-untyped-def]
    unit, member_id, training_id, study_id, case_id = closed
    refused = [
        lambda: members.create_member(db, unit.id, _draft("Phạm Văn Tùng", BEFORE_END)),
        lambda: members.change_status(db, member_id, MemberStatus.LEFT, BEFORE_END),
        lambda: members.add_position(db, member_id, Role.BCH_MEMBER, BEFORE_END),
        lambda: trainings.add_attendees(db, training_id, [member_id]),
        lambda: trainings.create_training(db, unit.id, title="Lớp bổ sung", start_date=BEFORE_END),
        lambda: studies.update_study(db, study_id, topic="Sửa", date=BEFORE_END, non_member_count=5),
        lambda: hardship.add_support(db, case_id, date=BEFORE_END, kind=SupportKind.GIFT, value_vnd=500_000),
        lambda: activities.create_activity(db, unit.id, date=BEFORE_END, solution_group=1, text="Hội nghị"),
        lambda: units.set_workforce(db, unit.id, units.Workforce("2025H1", 130, 50, 120)),
        lambda: women_committee.save_women_committee(db, unit.id, established=True, decision_number="01/QĐ",
                                                     decision_date=BEFORE_END),
    ]
    for write in refused:
        with pytest.raises(Conflict, match="đã chốt số liệu"):
            write()


def test_writes_after_the_period_end_still_work(db, closed) -> None:  # type: ignore[no-untyped-def]
    unit, member_id, _training_id, _study_id, case_id = closed
    members.create_member(db, unit.id, _draft("Phạm Văn Tùng", AFTER_END), today=dt.date(2025, 8, 1))
    hardship.add_support(db, case_id, date=AFTER_END, kind=SupportKind.VISIT, value_vnd=0)
    trainings.create_training(db, unit.id, title="Tập huấn 6 tháng cuối", start_date=AFTER_END)
    units.set_workforce(db, unit.id, units.Workforce("2025", 130, 50, 120))


def test_reopening_allows_the_correction(db, closed) -> None:  # type: ignore[no-untyped-def]
    unit, member_id, training_id, _study_id, _case_id = closed
    reopen_period(db, unit.id, "2025H1", confirmed=True)
    assert trainings.add_attendees(db, training_id, [member_id]) == 1
