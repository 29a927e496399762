"""The table model of the scene's vectors: name, role, x/y/z and the live numbers.

It reads the :class:`~..models.playground.PlaygroundModel` (rows, and the
evaluation's per-vector numbers) and turns edits into intents; a drag move
signals only the cells whose text changed.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ..models.playground import PlaygroundModel
from . import theme

_DISPLAY, _EDIT, _DECORATION, _ALIGN, _FONT = (
    r.value
    for r in (Qt.DisplayRole, Qt.EditRole, Qt.DecorationRole, Qt.TextAlignmentRole, Qt.FontRole)
)
_RIGHT = (Qt.AlignRight | Qt.AlignVCenter).value
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
    """Rows are the scene's vectors; numbers come from the model's evaluation.

    Signals
    -------
    refused(str)
        A typed value was refused (here, or by the controller through :meth:`refuse`).
    rename_requested(int, str), role_requested(int, str)
        A row's name or role was edited.
    direction_requested(int, object)
        A row's coordinate was edited: the new (3,) direction, not yet normalized.
    """

    refused = Signal(str)
    rename_requested = Signal(int, str)
    role_requested = Signal(int, str)
    direction_requested = Signal(int, object)

    def __init__(self, model: PlaygroundModel):
        super().__init__()
        self._model = model
        self._sync_numbers()
        model.structure_changed.connect(self._on_model_structure_changed)
        model.scene_changed.connect(self._on_model_scene_changed)

    def _sync_numbers(self) -> None:
        """The numeric columns (x, y, z, cos, logit, p) as one (n, 6) array."""
        ev = self._model.evaluation
        self._numbers = np.column_stack(
            (self._model.scene.directions, ev.cosines, ev.logits, ev.probabilities)
        )

    def refuse(self, message: str) -> None:
        """Report a refused edit (``refused``)."""
        self.refused.emit(message)

    def _on_model_structure_changed(self, *_args) -> None:
        self.beginResetModel()
        self._sync_numbers()
        self.endResetModel()

    def _on_model_scene_changed(self, *_args) -> None:
        if len(self._numbers) != len(self._model.scene):
            return  # a new structure: structure_changed resets the rows
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
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        # The rows as of the last reset: the model's scene may already hold more or
        # fewer vectors while its listeners are still being told.
        return 0 if parent.isValid() else len(self._numbers)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
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
            scene = self._model.scene
            if col == 0:
                return scene.names[row]
            if col == 1:
                return scene.roles[row]
            if col <= 4:
                value = float(scene.directions[row, col - 2])
                return f"{value:.6f}" if role == _DISPLAY else value
            return _text(float(self._numbers[row, col - 2]), col - 2)
        if role == _ALIGN:
            return _RIGHT if col >= 2 else None
        if role == _DECORATION and col == 0:
            scene = self._model.scene  # the sphere's colour: the theme's for a role's default
            return QColor(theme.vector_color(scene.roles[row], scene.colors[row]))
        if role == _FONT and col >= 2:
            return mono_font()
        return None

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # Qt override
        if role != Qt.EditRole:
            return False
        row, col = index.row(), index.column()
        if col == 0:
            self.rename_requested.emit(row, str(value).strip())
        elif col == 1:
            self.role_requested.emit(row, str(value))
        elif col <= 4:
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            direction = self._model.scene.directions[row].copy()
            direction[col - 2] = number
            if not (np.isfinite(direction).all() and direction.any()):
                self.refuse(
                    f"{value!r} is not a valid coordinate (need a finite number, not all zero)"
                )
                return False
            self.direction_requested.emit(row, direction)
        return True


@cache
def mono_font() -> QFont:
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
