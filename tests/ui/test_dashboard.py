"""The dashboard page: the cards show the service's numbers (and `kh06 indicators --json`'s),
follow the period and new data, and the gap list dialog lets the officer act."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from kh06_indicator_fixtures import UnitBuilder
from PySide6.QtCore import Qt

from kh06_desktop.cli import main
from kh06_desktop.domain.formats import format_percent
from kh06_desktop.domain.periods import Period
from kh06_desktop.services.indicators.indicators import compute_indicators
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage
from kh06_desktop.ui.dashboard.gap_table_model import COL_NAME
from kh06_desktop.ui.members import member_dialog

D = dt.date

try:  # the activity services, when this build has them; otherwise rows are inserted directly
    from kh06_desktop.services.activities import hardship as hardship_service
    from kh06_desktop.services.activities import trainings as training_service
except ImportError:  # pragma: no cover - depends on the build
    hardship_service = training_service = None  # type: ignore[assignment]


@pytest.fixture
def people(db, unit):  # type: ignore[no-untyped-def]
    b = UnitBuilder(db, unit.id)
    group = b.group("Tổ Kỹ thuật")
    ids = {
        "chair": b.member("Trần Văn Dũng", group_id=group),
        "bch": b.member("Nguyễn Thị Hoa", gender="F", group_id=group),
        "leader": b.member("Lê Văn Bình", group_id=group),
        "worker": b.member("Phạm Thị Lan", gender="F", group_id=group),
    }
    b.position(ids["chair"], "chair")
    b.position(ids["bch"], "bch_member")
    b.position(ids["leader"], "group_leader", group_id=group)
    b.training(D(2025, 3, 1), [ids["chair"]])
    b.study(D(2025, 4, 1), [ids["chair"], ids["worker"]], non_members=3)
    b.hardship(ids["worker"], D(2025, 5, 2))
    ids["group"] = group
    return ids


@pytest.fixture
def page(qtbot, db, unit, people):  # type: ignore[no-untyped-def]
    context = AppContext(db)
    context.set_period(Period.parse("2025"))
    widget = DashboardPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _card_texts(page, indicator_id: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    card = page.cards[indicator_id]
    return card.ui.value_label.text(), card.ui.status_label.text()


def test_cards_show_the_same_numbers_as_the_command_line(page, db, unit, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["indicators", "--db", str(db.path), "--period", "2025", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli == page.report.to_json_dict()
    for item in cli["indicators"]:
        card = page.cards[item["id"]]
        assert card.indicator.to_json_dict() == item
        assert card.ui.value_label.text() == format_percent(item["percent"])
        assert card.ui.status_label.text() in ({"Đạt"} if item["met"] else {"Chưa đạt", "Thiếu số liệu"}) | (
            {"Không áp dụng"} if item["percent"] is None else set())
    assert _card_texts(page, "4a") == ("50,0 %", "Chưa đạt")
    assert page.cards["4a"].ui.missing_label.text() == "Còn 1 ủy viên BCH chưa được tập huấn"
    assert _card_texts(page, "3") == ("0,0 %", "Chưa đạt")
    assert _card_texts(page, "5") == ("—", "Không áp dụng")
    assert page.cards["4b"].ui.target_label.text() == "Mục tiêu: 75 %"
    assert "30/11/2025" in page.ui.subtitle_label.text()


def test_training_attendees_move_indicator_4a(page, db, unit, people) -> None:  # type: ignore[no-untyped-def]
    if training_service is not None:
        training_id = training_service.create_training(db, unit.id, title="Tập huấn cán bộ công đoàn cơ sở",
                                                       start_date=D(2025, 6, 10), today=D(2025, 12, 31))
        assert training_service.add_attendees(db, training_id, [people["bch"]]) == 1
        training_service.add_group(db, training_id, people["group"])  # the whole group: the leader too
    else:
        UnitBuilder(db, unit.id).training(D(2025, 6, 10), [people["bch"], people["leader"], people["worker"]])
    page.context.notify("trainings")
    assert _card_texts(page, "4a") == ("100,0 %", "Đạt")
    assert _card_texts(page, "4b") == ("100,0 %", "Đạt")
    assert page.cards["4a"].ui.missing_label.text() == "Không còn ai thiếu"


def test_support_moves_indicator_3(page, db, unit, people) -> None:  # type: ignore[no-untyped-def]
    if hardship_service is not None:
        case_id = hardship_service.create_case(db, unit.id, member_id=people["leader"], reason="Tai nạn lao động",
                                               opened_on=D(2025, 7, 1), today=D(2025, 12, 31))
        page.context.notify("hardship")
        assert page.cards["3"].ui.ratio_label.text() == "0 trường hợp đã thăm hỏi / 2 trường hợp"
        hardship_service.add_support(db, case_id, date=D(2025, 7, 3), kind="gift", value_vnd=1_000_000,
                                     today=D(2025, 12, 31))
    else:
        UnitBuilder(db, unit.id).hardship(people["leader"], D(2025, 7, 1), supports=(D(2025, 7, 3),))
    page.context.notify("hardship")
    assert _card_texts(page, "3") == ("50,0 %", "Chưa đạt")


def test_page_follows_the_period(page) -> None:  # type: ignore[no-untyped-def]
    page.context.set_period(Period.parse("2024"))
    assert page.report.period == "2024"
    assert _card_texts(page, "1") == ("—", "Thiếu số liệu")  # no workforce figures for 2024
    assert "Đơn vị" in page.ui.notice_label.text()
    assert page.cards["4a"].indicator.denominator == 2  # positions started 2023


def test_hidden_page_recomputes_when_shown(page, db, unit, people) -> None:  # type: ignore[no-untyped-def]
    page.hide()
    UnitBuilder(db, unit.id).training(D(2025, 6, 10), [people["bch"]])
    page.context.notify("trainings")
    assert page.cards["4a"].indicator.numerator == 1  # not yet: the page is hidden
    page.show()
    assert page.cards["4a"].indicator.numerator == 2


def test_click_opens_the_gap_list_and_acts(page, qtbot, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    proposals: list[list[int]] = []

    class FakeTrainingPage:
        def propose_attendees(self, member_ids: list[int]) -> None:
            proposals.append(member_ids)

    monkeypatch.setattr(page, "_open_page", lambda key: opened.append(key) or FakeTrainingPage())
    qtbot.mouseClick(page.cards["4a"], Qt.MouseButton.LeftButton)
    dialog = page.gap_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, COL_NAME).data() == "Nguyễn Thị Hoa"
    assert dialog.ui.add_training_button.isEnabled()
    # "Mở hồ sơ đoàn viên" opens the member dialog (when the build has one) for the selected person.
    shown: list[int] = []

    class FakeMemberDialog:
        def __init__(self, db, unit_id, member_id=None, parent=None) -> None:  # type: ignore[no-untyped-def]
            shown.append(member_id)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(member_dialog, "MemberDialog", FakeMemberDialog)
    qtbot.mouseClick(dialog.ui.open_member_button, Qt.MouseButton.LeftButton)
    assert shown == [people["bch"]]
    qtbot.mouseClick(dialog.ui.add_training_button, Qt.MouseButton.LeftButton)
    assert opened == ["trainings"] and proposals == [[people["bch"]]]
    assert not dialog.isVisible()


def test_hardship_gap_list_points_to_the_hardship_page(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(page, "_open_page", lambda key: opened.append(key))
    dialog = page.open_gap_list("3")
    assert dialog.model.rowCount() == 1 and not dialog.ui.open_member_button.isVisible()
    assert dialog.ui.go_page_button.text() == "Mở trang Thăm hỏi – hỗ trợ"
    qtbot.mouseClick(dialog.ui.go_page_button, Qt.MouseButton.LeftButton)
    assert opened == ["hardship"]


def test_chart_has_a_point_per_recorded_period(page, db, unit, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.services.unit.units import Workforce, set_workforce

    set_workforce(db, unit.id, Workforce("2025H1", 100, 40, 90))
    page.context.notify("unit")
    assert [p.code for p in page._periods] == ["2025H1", "2025"]
    assert page.history == []  # the cards first; the chart's earlier periods in the next turn of the loop
    qtbot.waitUntil(lambda: len(page.history) == 2, timeout=5000)
    expected = compute_indicators(db, unit.id, "2025H1").get("1").percent
    assert page.chart.points["1"][0] == (0, expected)
    page.ui.chart_indicator_combo.setCurrentIndex(4)  # 4a only, with its target line
    assert list(page.chart.points) == ["4a"]


def test_a_workforce_fallback_is_named(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 10, F8: 2025H2 has no workforce figures of its own; the year 2025's (same as-of day)
    are used and the page says so."""
    page.context.set_period(Period.parse("2025H2"))
    assert page.report.workforce_period == "2025"
    assert "dùng số liệu của kỳ năm 2025" in page.ui.notice_label.text()
