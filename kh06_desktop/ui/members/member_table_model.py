"""The member table: a QAbstractTableModel over `list_member_rows`, with its own filter.

Filtering lives inside the model (a list of row indexes over precomputed folded names) because a
QSortFilterProxyModel costs ~20× more at 100,000 rows. Rows arrive in Vietnamese name order;
sorting by another column keeps a permutation of the rows and re-applies the filter over it.

Personal data (citizen id, phone, date of birth) is masked until `set_show_personal(True)`:
the officer reveals it on purpose (Personal Data Protection Law 91/2025/QH15).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.vntext import fold, text_sort_key
from kh06_desktop.services.members.members import MemberRow

# Columns, in display order.
COL_NAME = 0
COL_GENDER = 1
COL_BIRTH = 2
COL_CITIZEN_ID = 3
COL_CARD = 4
COL_GROUP = 5
COL_ROLES = 6
COL_DEPARTMENT = 7
COL_JOIN = 8
COL_PHONE = 9
COL_STATUS = 10

HEADERS = ("Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Số thẻ đoàn viên", "Tổ công đoàn",
           "Chức vụ công đoàn", "Đơn vị/Bộ phận", "Ngày vào công đoàn", "Điện thoại", "Trạng thái")
PERSONAL_COLUMNS = frozenset({COL_BIRTH, COL_CITIZEN_ID, COL_PHONE})

# Custom roles: what a view or a test reads besides the displayed text.
MemberIdRole = Qt.ItemDataRole.UserRole + 1
MemberRowRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

MASK = "•"
NO_GROUP = -1  # group filter value for members without a group
_INACTIVE = QBrush(QColor("#7a7a7a"))
_STATUS_LABELS = {s.value: s.label for s in MemberStatus}
_GENDER_LABELS = {g.value: g.label for g in Gender}
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACTIVE = MemberStatus.ACTIVE.value
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, MemberIdRole, MemberRowRole, StatusRole})


@dataclass(frozen=True, slots=True)
class MemberFilter:
    """What the officer narrowed the list to; None means any."""

    text: str = ""
    group_id: int | None = None  # NO_GROUP for "no group"
    status: str | None = None
    gender: str | None = None
    role: str | None = None


def mask_citizen_id(value: str | None) -> str:
    return MASK * 8 + value[-4:] if value else ""


def mask_phone(value: str | None) -> str:
    return MASK * max(len(value) - 3, 3) + value[-3:] if value else ""


def mask_birth_date(value: dt.date | None) -> str:
    return f"{MASK * 2}/{MASK * 2}/{value.year}" if value else ""


def roles_label(roles: Sequence[str]) -> str:
    return ", ".join(Role(r).label for r in roles)


class MemberTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._folded: list[str] = []  # folded name + card number, per row, for search
        self._order: list[int] = []  # row indexes in the current sort order
        self._visible: list[int] = []  # the filtered subset of _order, as displayed
        self._filter = MemberFilter()
        self._text_words: tuple[str, ...] = ()
        self._sort: tuple[int, Qt.SortOrder] = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self._show_personal = False

    # --- loading ------------------------------------------------------------------------
    def set_rows(self, rows: list[MemberRow]) -> None:
        """Replace the rows (they come in Vietnamese name order) and re-apply sort and filter."""
        self.beginResetModel()
        self._rows = rows
        self._folded = [f"{r.name_folded} {r.card_number.lower()}" if r.card_number else r.name_folded for r in rows]
        self._order = self._sorted_order(*self._sort)
        self._visible = self._apply_filter(self._order, self._filter, self._words(self._filter.text))
        self._text_words = self._words(self._filter.text)
        self.endResetModel()

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def row_at(self, row: int) -> MemberRow:
        return self._rows[self._visible[row]]

    def row_of_member(self, member_id: int) -> int:
        """Visible row of a member, or -1."""
        for position, index in enumerate(self._visible):
            if self._rows[index].id == member_id:
                return position
        return -1

    # --- personal data ------------------------------------------------------------------
    @property
    def show_personal(self) -> bool:
        return self._show_personal

    def set_show_personal(self, show: bool) -> None:
        if show == self._show_personal:
            return
        self._show_personal = show
        if self._visible:
            for column in PERSONAL_COLUMNS:
                self.dataChanged.emit(self.index(0, column), self.index(len(self._visible) - 1, column),
                                      [Qt.ItemDataRole.DisplayRole])

    # --- filtering ----------------------------------------------------------------------
    @property
    def current_filter(self) -> MemberFilter:
        return self._filter

    @staticmethod
    def _words(text: str) -> tuple[str, ...]:
        return tuple(part for part in fold(text).split(" ") if part)

    def set_filter(self, new: MemberFilter) -> None:
        words = self._words(new.text)
        old = self._filter
        same_other = (old.group_id, old.status, old.gender, old.role) == (new.group_id, new.status, new.gender,
                                                                            new.role)
        # Typing one more letter only narrows the list: search the rows shown, not all of them.
        narrowing = same_other and self._text_words and len(words) >= len(self._text_words) and all(
            w.startswith(o) or o in w for o, w in zip(self._text_words, words, strict=False))
        base = self._visible if narrowing else self._order
        if narrowing:
            # The rows shown already contain every old word: test only the new or longer ones.
            old_words = set(self._text_words)
            check = tuple(w for w in words if w not in old_words)
            flt = MemberFilter(text=new.text)  # the other filters hold for these rows already
        else:
            check, flt = words, new
        self.beginResetModel()
        self._filter = new
        self._text_words = words
        self._visible = self._apply_filter(base, flt, check)
        self.endResetModel()

    def _apply_filter(self, base: list[int], flt: MemberFilter, words: tuple[str, ...]) -> list[int]:
        rows = self._rows
        indexes = base
        if flt.group_id is not None:
            wanted = None if flt.group_id == NO_GROUP else flt.group_id
            indexes = [i for i in indexes if rows[i].group_id == wanted]
        if flt.status is not None:
            indexes = [i for i in indexes if rows[i].status == flt.status]
        if flt.gender is not None:
            indexes = [i for i in indexes if rows[i].gender == flt.gender]
        if flt.role is not None:
            role = flt.role
            indexes = [i for i in indexes if role in rows[i].roles]
        folded = self._folded
        if len(words) == 1:
            word = words[0]
            indexes = [i for i in indexes if word in folded[i]]
        elif words:
            indexes = [i for i in indexes if all(w in folded[i] for w in words)]
        return indexes if indexes is not base else list(base)

    # --- sorting ------------------------------------------------------------------------
    def _sort_key(self, column: int):  # type: ignore[no-untyped-def]
        rows = self._rows
        if column == COL_NAME:
            return lambda i: rows[i].sort_key
        if column in (COL_BIRTH, COL_JOIN):
            attr = "birth_date" if column == COL_BIRTH else "join_date"
            return lambda i: (getattr(rows[i], attr) is None, getattr(rows[i], attr) or dt.date.min,
                              rows[i].sort_key)
        if column in (COL_CITIZEN_ID, COL_PHONE):  # raw values: the mask must not decide the order
            attr = "citizen_id" if column == COL_CITIZEN_ID else "phone"
            return lambda i: (getattr(rows[i], attr) or "\uffff", rows[i].sort_key)
        text = self._column_text
        cache: dict[str, str] = {}

        def key(i: int) -> tuple[str, str]:
            value = text(rows[i], column)
            if value not in cache:
                cache[value] = text_sort_key(value) if value else "\uffff"
            return cache[value], rows[i].sort_key

        return key

    def _sorted_order(self, column: int, order: Qt.SortOrder) -> list[int]:
        indexes = list(range(len(self._rows)))
        if column != COL_NAME:  # rows already come in name order
            indexes.sort(key=self._sort_key(column))
        if order == Qt.SortOrder.DescendingOrder:
            indexes.reverse()
        return indexes

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS) or (column, order) == self._sort:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order = self._sorted_order(column, order)
        self._visible = self._apply_filter(self._order, self._filter, self._text_words)
        self.layoutChanged.emit()

    @property
    def sort_column(self) -> int:
        return self._sort[0]

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def _column_text(self, row: MemberRow, column: int) -> str:
        if column == COL_NAME:
            return row.full_name
        if column == COL_GENDER:
            return _GENDER_LABELS.get(row.gender or "", "")
        if column == COL_BIRTH:
            return format_date(row.birth_date) if self._show_personal else mask_birth_date(row.birth_date)
        if column == COL_CITIZEN_ID:
            return (row.citizen_id or "") if self._show_personal else mask_citizen_id(row.citizen_id)
        if column == COL_CARD:
            return row.card_number or ""
        if column == COL_GROUP:
            return row.group_name or ""
        if column == COL_ROLES:
            return roles_label(row.roles)
        if column == COL_DEPARTMENT:
            return row.department or ""
        if column == COL_JOIN:
            return format_date(row.join_date)
        if column == COL_PHONE:
            return (row.phone or "") if self._show_personal else mask_phone(row.phone)
        if column == COL_STATUS:
            label = _STATUS_LABELS.get(row.status, row.status)
            return f"{label} ({format_date(row.status_date)})" if row.status_date else label
        return ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A repaint asks ~6 roles per visible cell: answer the ones this model ignores first.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._rows[self._visible[index.row()]]
        if role == _DISPLAY:
            return self._column_text(row, index.column())
        if role == _FOREGROUND:
            return _INACTIVE if row.status != _ACTIVE else None
        if role == MemberIdRole:
            return row.id
        if role == MemberRowRole:
            return row
        if role == StatusRole:
            return row.status
        if role == _TOOLTIP and index.column() in PERSONAL_COLUMNS and not self._show_personal:
            return "Thông tin cá nhân đang được che; bấm «Hiện thông tin cá nhân» để xem"
        return None
