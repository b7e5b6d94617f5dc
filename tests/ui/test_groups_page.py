"""The groups page: add, rename, merge, and delete only after moving the members."""

from __future__ import annotations

import pytest

from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.groups.groups import create_group, list_groups
from kh06_desktop.services.members.members import create_member, list_member_rows
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.groups.groups_page import GroupsPage


@pytest.fixture
def context(db, unit) -> AppContext:  # type: ignore[no-untyped-def]
    create_group(db, unit.id, "Tổ Kỹ thuật")
    create_group(db, unit.id, "Tổ Sản xuất")
    for name, group in (("Nguyễn Thị Hương", "Tổ Kỹ thuật"), ("Trần Văn Dũng", "Tổ Sản xuất"),
                        ("Lê Thị Hường", "Tổ Sản xuất")):
        create_member(db, unit.id, validate_member({"full_name": name, "group_name": group}).draft)
    return AppContext(db)


@pytest.fixture
def page(qtbot, context: AppContext) -> GroupsPage:  # type: ignore[no-untyped-def]
    widget = GroupsPage(context)
    qtbot.addWidget(widget)
    widget.show()
    widget.activate()
    return widget


def table_names(page: GroupsPage) -> list[str]:
    return [page.ui.groups_table.item(r, 0).text() for r in range(page.ui.groups_table.rowCount())]


def member_groups(context: AppContext) -> dict[str, str | None]:
    return {r.full_name: r.group_name for r in list_member_rows(context.db, context.unit_id)}


def test_lists_groups_with_member_counts(page: GroupsPage) -> None:
    assert table_names(page) == ["Tổ Kỹ thuật", "Tổ Sản xuất"]
    assert page.ui.groups_table.item(1, 1).text() == "2"
    assert page.ui.count_label.text() == "2 tổ, 3 đoàn viên đang sinh hoạt"


def test_add_and_rename(page: GroupsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "ask_text", lambda *a, **k: "Tổ Cơ điện")
    assert page.add_group()
    assert table_names(page) == ["Tổ Cơ điện", "Tổ Kỹ thuật", "Tổ Sản xuất"]
    page.select_names("Tổ Cơ điện")
    monkeypatch.setattr(page, "ask_text", lambda *a, **k: "Tổ Bảo vệ")
    assert page.rename_selected()
    assert table_names(page) == ["Tổ Bảo vệ", "Tổ Kỹ thuật", "Tổ Sản xuất"]


def test_duplicate_name_is_refused_with_a_message(page: GroupsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(page, "ask_text", lambda *a, **k: "tổ kỹ THUẬT")
    monkeypatch.setattr(page, "tell", told.append)
    assert not page.add_group()
    assert told == ["Tổ công đoàn «tổ kỹ THUẬT» đã có"]
    assert len(table_names(page)) == 2


def test_merge_moves_members_and_removes_the_source(page: GroupsPage, context: AppContext,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    page.select_names("Tổ Sản xuất")
    monkeypatch.setattr(page, "ask_choice", lambda *a, **k: "Tổ Kỹ thuật")
    monkeypatch.setattr(page, "confirm", lambda *a, **k: True)
    assert page.merge_selected()
    assert table_names(page) == ["Tổ Kỹ thuật"]
    assert set(member_groups(context).values()) == {"Tổ Kỹ thuật"}


def test_delete_requires_moving_members_first(page: GroupsPage, context: AppContext,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda *a, **k: True)

    def choose(title: str, label: str, choices: list[str]) -> str | None:
        asked.append(label)
        return None  # the officer cancels: nothing changes

    monkeypatch.setattr(page, "ask_choice", choose)
    page.select_names("Tổ Sản xuất")
    assert not page.delete_selected()
    assert "còn 2 đoàn viên" in asked[0]
    assert table_names(page) == ["Tổ Kỹ thuật", "Tổ Sản xuất"]
    monkeypatch.setattr(page, "ask_choice", lambda *a, **k: "Tổ Kỹ thuật")
    assert page.delete_selected()
    assert table_names(page) == ["Tổ Kỹ thuật"]
    assert member_groups(context) == {"Nguyễn Thị Hương": "Tổ Kỹ thuật", "Trần Văn Dũng": "Tổ Kỹ thuật",
                                      "Lê Thị Hường": "Tổ Kỹ thuật"}


def test_empty_group_is_deleted_after_confirming(page: GroupsPage, context: AppContext,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    create_group(context.db, context.unit_id, "Tổ Nhà ăn")
    context.notify("groups")
    page.select_names("Tổ Nhà ăn")
    monkeypatch.setattr(page, "confirm", lambda *a, **k: True)
    assert page.delete_selected()
    assert [g.name for g in list_groups(context.db, context.unit_id)] == ["Tổ Kỹ thuật", "Tổ Sản xuất"]
