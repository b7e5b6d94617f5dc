"""The member table model without a window: display, masking, search, filters, sorting."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kh06_desktop.domain.vntext import fold, name_sort_key
from kh06_desktop.services.members.members import MemberRow
from kh06_desktop.ui.members.member_table_model import (
    COL_BIRTH,
    COL_CITIZEN_ID,
    COL_GROUP,
    COL_NAME,
    COL_PHONE,
    COL_ROLES,
    COL_STATUS,
    NO_GROUP,
    MemberFilter,
    MemberIdRole,
    MemberTableModel,
)


def _row(mid: int, name: str, *, gender: str = "F", group: tuple[int, str] | None = (1, "Tổ Kỹ thuật"),
         status: str = "active", roles: tuple[str, ...] = (), card: str | None = None) -> MemberRow:
    return MemberRow(
        id=mid, full_name=name, given_name=name.split()[-1], name_folded=fold(name), sort_key=name_sort_key(name),
        gender=gender, birth_date=dt.date(1990, 4, 12), citizen_id="001190012345", card_number=card,
        group_id=group[0] if group else None, group_name=group[1] if group else None, department="Phòng Kế toán",
        join_date=dt.date(2015, 1, 5), status=status, status_date=dt.date(2024, 6, 1) if status != "active" else None,
        phone="0912345678", roles=roles)


@pytest.fixture
def model(qapp) -> MemberTableModel:  # noqa: ARG001 - a QApplication must exist
    rows = [
        _row(1, "Nguyễn Thị Hương", roles=("chair",)),
        _row(2, "Trần Văn An", gender="M", group=(2, "Tổ Sản xuất"), card="TDV-0042"),
        _row(3, "Đặng Đức Hưng", gender="M", group=None, status="left"),
        _row(4, "Lê Thị Hường", group=(2, "Tổ Sản xuất"), roles=("group_leader",)),
    ]
    rows.sort(key=lambda r: r.sort_key)
    m = MemberTableModel()
    m.set_rows(rows)
    return m


def _names(model: MemberTableModel) -> list[str]:
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


def test_rows_show_in_vietnamese_name_order(model: MemberTableModel) -> None:
    # Given names: An < Hưng < Hương < Hường (letters first, then tones).
    assert _names(model) == ["Trần Văn An", "Đặng Đức Hưng", "Nguyễn Thị Hương", "Lê Thị Hường"]
    assert model.columnCount() == 11
    assert model.headerData(COL_CITIZEN_ID, Qt.Orientation.Horizontal) == "Số CCCD"


def test_personal_data_is_masked_until_revealed(model: MemberTableModel) -> None:
    assert model.index(0, COL_CITIZEN_ID).data() == "••••••••2345"
    assert model.index(0, COL_BIRTH).data() == "••/••/1990"
    assert model.index(0, COL_PHONE).data().endswith("678") and "0912" not in model.index(0, COL_PHONE).data()
    changed = []
    model.dataChanged.connect(lambda *args: changed.append(args))
    model.set_show_personal(True)
    assert changed
    assert model.index(0, COL_CITIZEN_ID).data() == "001190012345"
    assert model.index(0, COL_BIRTH).data() == "12/04/1990"
    assert model.index(0, COL_PHONE).data() == "0912345678"


def test_search_ignores_diacritics_and_case(model: MemberTableModel) -> None:
    model.set_filter(MemberFilter(text="nguyen thi huong"))
    assert _names(model) == ["Nguyễn Thị Hương"]
    model.set_filter(MemberFilter(text="HUONG"))
    assert _names(model) == ["Nguyễn Thị Hương", "Lê Thị Hường"]
    model.set_filter(MemberFilter(text="dang duc"))  # đ folds to d
    assert _names(model) == ["Đặng Đức Hưng"]
    model.set_filter(MemberFilter(text="tdv-0042"))  # card number is searchable too
    assert _names(model) == ["Trần Văn An"]


def test_typing_more_letters_narrows_and_deleting_widens(model: MemberTableModel) -> None:
    for text in ("h", "hu", "huo", "huon", "huong"):
        model.set_filter(MemberFilter(text=text))
    assert _names(model) == ["Nguyễn Thị Hương", "Lê Thị Hường"]
    model.set_filter(MemberFilter(text="h"))
    assert len(_names(model)) == 3  # Hưng is back
    model.set_filter(MemberFilter())
    assert model.rowCount() == model.total_count == 4


def test_filters_by_group_status_gender_and_role(model: MemberTableModel) -> None:
    model.set_filter(MemberFilter(group_id=2))
    assert _names(model) == ["Trần Văn An", "Lê Thị Hường"]
    model.set_filter(MemberFilter(group_id=NO_GROUP))
    assert _names(model) == ["Đặng Đức Hưng"]
    model.set_filter(MemberFilter(status="left"))
    assert _names(model) == ["Đặng Đức Hưng"]
    model.set_filter(MemberFilter(gender="F", status="active"))
    assert _names(model) == ["Nguyễn Thị Hương", "Lê Thị Hường"]
    model.set_filter(MemberFilter(role="group_leader"))
    assert _names(model) == ["Lê Thị Hường"]
    assert model.index(0, COL_ROLES).data() == "Tổ trưởng"
    model.set_filter(MemberFilter(group_id=2, text="an"))
    assert _names(model) == ["Trần Văn An"]


def test_status_column_and_custom_roles(model: MemberTableModel) -> None:
    model.set_filter(MemberFilter(status="left"))
    assert model.index(0, COL_STATUS).data() == "Đã thôi (01/06/2024)"
    assert model.index(0, COL_NAME).data(MemberIdRole) == 3
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.row_at(0).full_name == "Đặng Đức Hưng"
    assert model.row_of_member(3) == 0 and model.row_of_member(1) == -1


def test_header_sort_by_group_then_back_to_name(model: MemberTableModel) -> None:
    model.sort(COL_GROUP, Qt.SortOrder.AscendingOrder)
    groups = [model.index(r, COL_GROUP).data() for r in range(model.rowCount())]
    assert groups == ["Tổ Kỹ thuật", "Tổ Sản xuất", "Tổ Sản xuất", ""]  # empty last
    model.set_filter(MemberFilter(text="thi"))  # the filter keeps the sort order
    assert _names(model) == ["Nguyễn Thị Hương", "Lê Thị Hường"]
    model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert _names(model) == ["Lê Thị Hường", "Nguyễn Thị Hương"]


def test_set_rows_keeps_the_filter(model: MemberTableModel) -> None:
    model.set_filter(MemberFilter(text="an"))
    model.set_rows([_row(9, "Phạm Thị Lan"), _row(10, "Vũ Minh Tuấn")])
    assert _names(model) == ["Phạm Thị Lan", "Vũ Minh Tuấn"]  # "an" in both
    model.set_filter(MemberFilter(text="lan"))
    assert _names(model) == ["Phạm Thị Lan"]
