"""The table of the scene's vectors: name, role, x/y/z and the live numbers.

Name, role and x/y/z are editable; a typed direction is normalized, and an
invalid value is refused (``refused`` is emitted with the reason) while the
last good value stays.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

from ...core.scene import ROLES
from ..state import PlaygroundState

_DISPLAY, _EDIT, _DECORATION, _ALIGN, _FONT = (
    r.value
    for r in (Qt.DisplayRole, Qt.EditRole, Qt.DecorationRole, Qt.TextAlignmentRole, Qt.FontRole)
)
_RIGHT = (Qt.AlignRight | Qt.AlignVCenter).value
_READ_ONLY = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemIsEditable
COLUMNS = ("Name", "Role", "x", "y", "z", "cos", "logit", "p")
TIPS = {
    "cos": "Cosine similarity with the anchor",
    "logit": "cos / τ: what the softmax sees",
    "p": "Softmax probability (the positive's is what InfoNCE maximizes)",
    "x": "Direction on the sphere; typed values are normalized",
}


class VectorTableModel(QAbstractTableModel):
    """Rows are the scene's vectors; numbers come from ``state.evaluation``."""

    refused = Signal(str)

    def __init__(self, state: PlaygroundState):
        super().__init__()
        self._state = state
        self._logits = self._probs = np.zeros(0)
        self._sync_numbers()
        state.structure_changed.connect(self._on_state_structure_changed)
        state.changed.connect(self._on_state_changed)

    def _sync_numbers(self) -> None:
        ev, n = self._state.evaluation, len(self._state.scene)
        self._logits, self._probs = np.full(n, np.nan), np.full(n, np.nan)
        order = list(ev.order)
        if ev.result.logits is not None:
            self._logits[order] = ev.result.logits
            self._probs[order] = ev.result.probabilities

    def _on_state_structure_changed(self) -> None:
        self.beginResetModel()
        self._sync_numbers()
        self.endResetModel()

    def _on_state_changed(self) -> None:
        if self.rowCount() != len(self._state.scene):
            return  # structure_changed already reset us
        self._sync_numbers()
        last = self.rowCount() - 1
        self.dataChanged.emit(self.index(0, 2), self.index(last, len(COLUMNS) - 1))

    # ---- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._state.scene)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ToolTipRole:
            return TIPS.get(COLUMNS[section], TIPS["x"] if section in (3, 4) else None)
        return None

    def flags(self, index):
        return _EDITABLE if index.column() <= 4 else _READ_ONLY

    def data(self, index, role=_DISPLAY):
        # Called hundreds of times per repaint: plain int roles, no enum arithmetic.
        role = getattr(role, "value", role)
        row, col = index.row(), index.column()
        if role == _DISPLAY or role == _EDIT:
            scene = self._state.scene
            if col == 0:
                return scene.names[row]
            if col == 1:
                return scene.roles[row]
            if col <= 4:
                value = float(scene.directions[row, col - 2])
                return f"{value:.6f}" if role == _DISPLAY else value
            value = float((self._state.evaluation.cosines, self._logits, self._probs)[col - 5][row])
            return "" if value != value else _fmt(value)
        if role == _ALIGN:
            return _RIGHT if col >= 2 else None
        if role == _DECORATION and col == 0:
            return QColor(self._state.scene.colors[row])
        if role == _FONT and col >= 2:
            return _mono_font()
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole:
            return False
        row, col = index.row(), index.column()
        error = None
        if col == 0:
            error = self._state.edit_vector(row, name=str(value).strip())
        elif col == 1:
            error = self._state.edit_vector(row, role=str(value))
        elif col <= 4:
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            direction = self._state.scene.directions[row].copy()
            direction[col - 2] = number
            if not self._state.set_direction(row, direction):
                error = f"{value!r} is not a valid coordinate (need a finite number, not all zero)"
        if error:
            self.refused.emit(error)
            return False
        return True


@cache
def _mono_font() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.Monospace)
    return font


def _fmt(value: float) -> str:
    return f"{value:.4e}" if value != 0 and abs(value) < 1e-3 else f"{value:.4f}"


class _RoleDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802
        box = QComboBox(parent)
        box.addItems(ROLES)
        return box

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentText(index.data(Qt.EditRole))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentText())


class VectorTable(QTableView):
    """An editable table of the scene's vectors with their live numbers."""

    refused = Signal(str)

    def __init__(self, state: PlaygroundState, parent=None):
        super().__init__(parent)
        self._state = state
        self.table_model = VectorTableModel(state)
        self.setModel(self.table_model)
        self.table_model.refused.connect(self.refused)
        self.setItemDelegateForColumn(1, _RoleDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        # Fixed widths: ResizeToContents would ask every row for its size on
        # every drag move (tens of ms with many vectors).
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((70, 80, 84, 84, 84, 76, 84, 84)):
            self.setColumnWidth(col, width)
        self.setToolTip("Double-click a cell to edit; typed directions are normalized")
        self.selectionModel().currentRowChanged.connect(self._on_selection_row_changed)

    def _on_selection_row_changed(self, current: QModelIndex, _previous) -> None:
        if current.isValid():
            self._state.selected = current.row()

    def selected_row(self) -> int | None:
        index = self.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def apply_theme(self, palette) -> None:
        font = self.font()
        font.setPointSizeF(10.0 * palette.font_scale)
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(int(22 * palette.font_scale))
