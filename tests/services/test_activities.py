"""Activities by the plan's seven solution groups."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.solution_groups import SOLUTION_GROUPS, solution_group
from kh06_desktop.services.activities import activities
from kh06_desktop.services.common.errors import InvalidInput, NotFound

TODAY = dt.date(2025, 12, 15)


def test_seven_groups_with_labels():
    assert [g.number for g in SOLUTION_GROUPS] == list(range(1, 8))
    assert solution_group(1).label == "1. Quán triệt Nghị quyết 02-NQ/TW"
    assert "Chỉ thị số 05-CT/TW" in solution_group(1).text
    assert "tài chính" in solution_group(6).short
    with pytest.raises(ValueError, match="từ 1 đến 7"):
        solution_group(8)


def test_create_list_count(db, unit):
    a = activities.create_activity(db, unit.id, date="20/03/2025", solution_group=1,
                                   text="Tổ chức hội nghị quán triệt Nghị quyết 02-NQ/TW cho 85 đoàn viên",
                                   today=TODAY)
    b = activities.create_activity(db, unit.id, date="10/07/2025", solution_group="6",
                                   text="Thu kinh phí công đoàn đầy đủ, đúng hạn", today=TODAY)
    c = activities.create_activity(db, unit.id, date="05/02/2025", solution_group=1,
                                   text="Phát động học tập và làm theo Bác", today=TODAY)
    rows = activities.list_activities(db, unit.id)
    assert [r.id for r in rows] == [c, a, b]  # by group, then date
    assert rows[2].group.short == "Xây dựng nguồn lực tài chính"
    h1 = activities.list_activities(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 5, 31))
    assert [r.id for r in h1] == [c, a]
    counts = activities.count_by_group(db, unit.id, dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    assert counts == {1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 1, 7: 0}
    assert [r.id for r in activities.list_activities(db, unit.id, group=6)] == [b]


def test_validation_update_delete(db, unit):
    with pytest.raises(InvalidInput) as err:
        activities.create_activity(db, unit.id, date="01/01/2026", solution_group=0, text=" ", today=TODAY)
    assert {f for f, _ in err.value.issues} == {"date", "solution_group", "text"}
    aid = activities.create_activity(db, unit.id, date="01/04/2025", solution_group=3, text="Cử cán bộ đi học",
                                     today=TODAY)
    activities.update_activity(db, aid, date="02/04/2025", solution_group=4, text="Tổ chức đối thoại",
                               today=TODAY)
    row = activities.list_activities(db, unit.id)[0]
    assert (row.date, row.solution_group, row.text) == (dt.date(2025, 4, 2), 4, "Tổ chức đối thoại")
    activities.delete_activity(db, aid)
    assert activities.list_activities(db, unit.id) == []
    with pytest.raises(NotFound):
        activities.delete_activity(db, aid)
