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
_EDITING = QAbstractItemView.State.EditingState
_READ_ONLY = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemIsEditable
COLUMNS = ("Name", "Role", "x", "y", "z", "cos", "logit", "p")
#: The columns that change while a vector is dragged.
NUMERIC_COLUMNS = range(2, len(COLUMNS))
_DISPLAY_ROLES = [Qt.DisplayRole, Qt.EditRole]
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
        self._numbers = self._current_numbers()

    def _current_numbers(self) -> np.ndarray:
        """The numeric columns (x, y, z, cos, logit, p) as one (n, 6) array."""
        ev = self._state.evaluation
        return np.column_stack(
            (self._state.scene.directions, ev.cosines, self._logits, self._probs)
        )

    def _on_state_structure_changed(self) -> None:
        self.beginResetModel()
        self._sync_numbers()
        self.endResetModel()

    def _on_state_changed(self) -> None:
        if self.rowCount() != len(self._state.scene):
            return  # structure_changed already reset us
        before = self._numbers
        self._sync_numbers()
        # Repaint only the cells whose text changed: a drag of the positive changes
        # its row and the p column, not the whole table. One range per numeric column,
        # merged across neighbouring columns with the same rows.
        changed = _changed_texts(before, self._numbers)
        ranges = []  # [first row, last row, first column, last column]
        for j in np.flatnonzero(changed.any(axis=0)):
            rows = np.flatnonzero(changed[:, j])
            col = NUMERIC_COLUMNS.start + int(j)
            if ranges and ranges[-1][:2] == [rows[0], rows[-1]] and ranges[-1][3] == col - 1:
                ranges[-1][3] = col  # the moved row's x, y, z, cos, logit: one range
            else:
                ranges.append([rows[0], rows[-1], col, col])
        for first, last, left, right in ranges:
            self.dataChanged.emit(
                self.index(int(first), left), self.index(int(last), right), _DISPLAY_ROLES
            )

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
        # Called for every role of every painted cell: plain int roles, no enum arithmetic.
        # (A Python multiData, one call per cell, is slower: its span is wrapped per role.)
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
            return _text(value, col - 2)
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


def _changed_texts(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Which cells of the numeric columns (n, 6) show a different text after than before.

    Every scene change re-normalizes every direction, which moves untouched
    numbers by an ulp or so. Such a tiny change keeps its text unless the value
    sits on a rounding boundary of its format: only there are the texts compared.
    """
    with np.errstate(invalid="ignore"):
        changed = before != after
        changed &= ~np.isnan(before) | ~np.isnan(after)
        # No shown digit is finer than 1e-4 except in scientific notation (|x| < 1e-3).
        small = np.abs(after - before) < 1e-7
        small &= changed
    i, j = np.nonzero(small)
    if i.size == 0:
        return changed
    b, a = before[i, j], after[i, j]
    q_b, q_a = _quantum(b, j), _quantum(a, j)
    s_b, s_a = b / q_b, a / q_a
    tiny = np.abs(a - b) < 1e-3 * np.minimum(q_b, q_a)
    unsure = (q_b != q_a) | (np.floor(s_b + 0.5) != np.floor(s_a + 0.5))
    unsure |= np.signbit(b) != np.signbit(a)  # "0.000000" / "-0.000000"
    unsure |= np.abs(s_b - np.floor(s_b) - 0.5) < 1e-3
    unsure |= np.abs(s_a - np.floor(s_a) - 0.5) < 1e-3
    changed[i[tiny & ~unsure], j[tiny & ~unsure]] = False
    for r, c in zip(i[tiny & unsure], j[tiny & unsure], strict=True):
        changed[r, c] = _text(before[r, c], c) != _text(after[r, c], c)
    return changed


def _quantum(values: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The step of the last shown digit of ``values`` in numeric ``columns`` (0-2: x/y/z)."""
    a = np.abs(values)
    sci = (a < 1e-3) & (a != 0)
    q = np.where(sci, 10.0 ** (np.floor(np.log10(np.where(sci, a, 1.0))) - 4), 1e-4)
    q[columns < 3] = 1e-6  # x, y, z: six decimals
    return q


def _text(value: float, column: int) -> str:
    """The shown text of ``value`` in numeric column ``column`` (0-2: x/y/z, 3-5: numbers)."""
    if column < 3:
        return f"{value:.6f}"
    return "" if value != value else _fmt(value)


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

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # noqa: N802 (Qt override)
        """Repaint the changed range's visible rows only.

        Qt repaints the whole viewport for a range that reaches past the visible
        rows (the p column changes for every row on every drag move).
        """
        first, last = self.rowAt(0), self.rowAt(self.viewport().height() - 1)
        if top_left.row() != bottom_right.row() and first >= 0 and self.state() != _EDITING:
            last = self.model().rowCount() - 1 if last < 0 else last
            top, bottom = max(top_left.row(), first), min(bottom_right.row(), last)
            if top > bottom:
                return
            model = self.model()
            top_left = model.index(top, top_left.column())
            bottom_right = model.index(bottom, bottom_right.column())
        super().dataChanged(top_left, bottom_right, roles)

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
