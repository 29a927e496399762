"""The rows of the neighbours table: role, rank, dataset index, label and cosine.

The role is the user's mark, else (in italics) the role the next "Send to playground"
would give the row (the controller's preview).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

__all__ = ["COLUMNS", "NeighborsModel"]

COLUMNS = ("Role", "Rank", "Index", "Label", "Cosine")
_MARK_TEXT = {"positive": "＋ positive", "negative": "− negative", "anchor": "◆ anchor"}


class NeighborsModel(QAbstractTableModel):
    """Rows: the neighbours (rank, dataset index, label, cosine), their marks and planned roles."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.indices = np.empty(0, dtype=np.int64)
        self.cosines = np.empty(0)
        self.labels: list[str] = []
        self.marks: dict[int, str] = {}
        self.planned: dict[int, str] = {}
        self._colors = {"positive": "#2ecc71", "negative": "#ef5350", "anchor": "#ffc107"}

    def set_rows(self, indices, cosines, labels: list[str]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self.indices = np.asarray(indices, dtype=np.int64)
        self.cosines = np.asarray(cosines, dtype=np.float64)
        self.labels = list(labels)
        self.endResetModel()

    def set_marks(self, marks: dict[int, str], colors: dict[str, str] | None = None) -> None:
        """New role marks (dataset index → role); only the role column is repainted."""
        self.marks = dict(marks)
        self._colors = colors or self._colors
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def set_planned(self, roles: dict[int, str]) -> None:
        """Roles the next send would give (dataset index → role), shown where no mark is."""
        self.planned = dict(roles)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def role_of(self, row: int) -> tuple[str, bool]:
        """(role or "", whether it is only planned) of table row ``row``."""
        i = int(self.indices[row])
        if i in self.marks:
            return self.marks[i], False
        role = self.planned.get(i, "")
        return role, bool(role)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else int(self.indices.size)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        r, c = index.row(), index.column()
        i = int(self.indices[r])
        mark, planned = self.role_of(r)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                _MARK_TEXT.get(mark, ""),
                str(r + 1),
                str(i),
                self.labels[r],
                f"{self.cosines[r]:.4f}",
            )[c]
        if role == Qt.ItemDataRole.UserRole:
            return i
        if role == Qt.ItemDataRole.ForegroundRole and c == 0 and mark:
            return QColor(self._colors[mark])
        if role == Qt.ItemDataRole.FontRole and c == 0 and planned:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (1, 2, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"#{i} ({self.labels[r]}): cosine {self.cosines[r]:.6f} with the selected point,"
                " in the original space.\nRight-click or press P / N to mark it positive or"
                " negative; double-click to select it."
            )
        return None
