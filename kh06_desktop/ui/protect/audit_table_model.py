"""The audit trail as a table model that loads a page at a time (canFetchMore/fetchMore), so a
trail of any length opens at once and scrolls on demand. Tested without a window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kh06_desktop.domain.formats import format_date
from kh06_desktop.services.protect.audit_query import PAGE_SIZE, AuditFilter, AuditRow, describe_changes

COL_AT, COL_ACTOR, COL_ACTION, COL_ENTITY, COL_ID, COL_CONTENT = range(6)
HEADERS = ("Thời gian", "Người thực hiện", "Thao tác", "Đối tượng", "Mã số", "Nội dung")
AuditRowRole = Qt.ItemDataRole.UserRole + 1

Loader = Callable[[AuditFilter, int, int], list[AuditRow]]  # (filter, offset, limit) → rows
Counter = Callable[[AuditFilter], int]

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def when_text(row: AuditRow) -> str:
    return f"{format_date(row.at.date())} {row.at:%H:%M:%S}"


def content_text(row: AuditRow, reveal: bool) -> str:
    changes = "; ".join(describe_changes(row, reveal))
    if row.summary and changes:
        return f"{row.summary} — {changes}"
    return row.summary or changes


class AuditTableModel(QAbstractTableModel):
    def __init__(self, load: Loader, count: Counter, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._load, self._count, self._page = load, count, page_size
        self._criteria = AuditFilter()
        self._rows: list[AuditRow] = []
        self._total = 0
        self._reveal = False

    # --- data ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self._total

    @property
    def criteria(self) -> AuditFilter:
        return self._criteria

    def set_filter(self, criteria: AuditFilter) -> None:
        """Start again from the newest row matching `criteria`."""
        self.beginResetModel()
        self._criteria = criteria
        self._total = self._count(criteria)
        self._rows = self._load(criteria, 0, self._page) if self._total else []
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self._criteria)

    def set_reveal(self, reveal: bool) -> None:
        if reveal != self._reveal:
            self._reveal = reveal
            if self._rows:
                self.dataChanged.emit(self.index(0, COL_CONTENT), self.index(len(self._rows) - 1, COL_CONTENT))

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    # --- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = _ROOT) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = self._load(self._criteria, len(self._rows), self._page)
        if not more:
            self._total = len(self._rows)  # the trail shrank (a restore): stop asking
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == AuditRowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == COL_AT:
                return when_text(row)
            if column == COL_ACTOR:
                return row.actor or ""
            if column == COL_ACTION:
                return row.action_label
            if column == COL_ENTITY:
                return f"{row.entity_label}: {row.entity_name}" if row.entity_name else row.entity_label
            if column == COL_ID:
                return "" if row.entity_id is None else str(row.entity_id)
            return content_text(row, self._reveal)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
