"""Table model of a gap list (who or what is still missing for an indicator)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kh06_desktop.services.indicators.indicators import GapItem

COL_NO, COL_NAME, COL_GROUP, COL_DETAIL = range(4)
HEADERS = ("STT", "Họ và tên", "Tổ công đoàn", "Tình trạng")
ItemRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class GapTableModel(QAbstractTableModel):
    def __init__(self, items: list[GapItem], name_header: str = HEADERS[COL_NAME]) -> None:
        super().__init__()
        self.items = items
        self.headers = (HEADERS[0], name_header, *HEADERS[2:])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(index.row() + 1), item.name, item.group_name, item.detail)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_NO:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def item(self, row: int) -> GapItem:
        return self.items[row]
