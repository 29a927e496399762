"""The "most moved" table: every point with its change between steps A and B, sortable.

A ``QAbstractTableModel`` over numpy columns (row, label, movement in the aligned
layout, neighbour overlap in the original spaces), sorted with ``np.argsort`` so
100k rows sort in milliseconds; the view shows only what is on screen. A click emits
``row_chosen(row)``. Passive: the controller calls :meth:`SeriesMovedTable.set_change`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.display_text import elide

__all__ = ["MovedTableModel", "SeriesMovedTable"]


class MovedTableModel(QAbstractTableModel):
    """Rows: points; columns: index, label, movement, overlap (see the module)."""

    HEADERS = ("point", "label", "movement", "k-NN overlap")

    def __init__(self):
        super().__init__()
        self.rows = np.zeros(0, np.int64)  # display order -> point row
        self.labels: list[str] | None = None
        self.movement = np.zeros(0)
        self.overlap: np.ndarray | None = None

    def set_data(self, labels, movement, overlap) -> None:
        self.beginResetModel()
        self.labels = labels
        self.movement = np.asarray(movement, np.float64)
        self.overlap = None if overlap is None else np.asarray(overlap, np.float64)
        self.rows = np.argsort(-self.movement, kind="stable")
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else int(self.rows.size)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.TextAlignmentRole):
            return None
        r, col = int(self.rows[index.row()]), index.column()
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignLeft if col == 1 else Qt.AlignRight) | Qt.AlignVCenter)
        if col == 0:
            return str(r)
        if col == 1:
            return "" if self.labels is None else elide(self.labels[r], 30)
        if col == 2:
            return f"{self.movement[r]:.4g}"
        return "–" if self.overlap is None else f"{self.overlap[r]:.2f}"

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        n = self.movement.size
        if n == 0:
            return
        if column == 0:
            key = np.arange(n)
        elif column == 1 and self.labels is not None:
            key = np.unique(np.asarray(self.labels, dtype=object).astype(str), return_inverse=True)[
                1
            ]
        elif column == 3 and self.overlap is not None:
            key = self.overlap
        else:
            key = self.movement
        rows = np.argsort(key, kind="stable")
        if order == Qt.DescendingOrder:
            rows = rows[::-1]
        self.layoutAboutToBeChanged.emit()
        self.rows = rows
        self.layoutChanged.emit()

    def row_at(self, display_row: int) -> int:
        return int(self.rows[display_row])


class SeriesMovedTable(QWidget):
    """The table with a caption naming the two steps compared.

    Signals
    -------
    row_chosen(int)
        The point of the clicked table row.
    """

    row_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = QLabel(self.tr("Change between two steps appears here."))
        self.caption.setWordWrap(True)
        self.model = MovedTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)  # the label takes what is left
        em = self.fontMetrics().horizontalAdvance("0")
        for col, chars in ((0, 7), (2, 10), (3, 13)):
            header.resizeSection(col, em * chars)
        self.table.setToolTip(
            self.tr(
                "movement: distance in the aligned layout; k-NN overlap: share of a point's "
                "k nearest cosine neighbours kept between the two steps (1 = unchanged)"
            )
        )
        self.table.clicked.connect(lambda ix: self.row_chosen.emit(self.model.row_at(ix.row())))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)

    def set_change(self, caption: str, labels, movement, overlap) -> None:
        self.caption.setText(caption)
        self.model.set_data(labels, movement, overlap)
        self.table.horizontalHeader().setSortIndicator(2, Qt.DescendingOrder)

    def clear(self, caption: str = "") -> None:
        self.caption.setText(caption)
        self.model.set_data(None, np.zeros(0), None)
