"""The table of the scene's vectors: name, role, x/y/z and the live numbers.

Name, role and x/y/z are editable; a typed direction is normalized, and an
invalid value is refused (``refused`` is emitted with the reason) while the
last good value stays. The current row follows the model's selection, and a
click asks for a new one (``row_selected``).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
)

from ...core.scene import ROLES
from ..models.playground import PlaygroundModel
from .vector_table_model import COLUMNS, NUMERIC_COLUMNS, TIPS, VectorTableModel, mono_font

__all__ = ["COLUMNS", "NUMERIC_COLUMNS", "TIPS", "VectorTable", "VectorTableModel"]

_EDITING = QAbstractItemView.State.EditingState


class _RoleDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(ROLES)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.EditRole))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


#: The widest text of each column (name and role: their usual widths), to size the columns.
_WIDEST = ("n12345", "negative", "-0.000000", "-0.000000", "-0.000000", "-1.0000",
           "-10000.0000", "1.0000e-04")  # fmt: skip
#: Significant digits a coordinate's editor shows.
EDIT_DIGITS = 10


class _CoordinateDelegate(QStyledItemDelegate):
    """x/y/z edited as text: ``EDIT_DIGITS`` significant digits shown, any text accepted
    (the model refuses what is not a number, with a message), the editor wide enough."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setFont(mono_font())
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setToolTip("Type a number (e.g. 0.25 or -1e-3); the vector is then normalized")
        return editor

    def setEditorData(self, editor, index):
        text = f"{float(index.data(Qt.EditRole)):.{EDIT_DIGITS}g}"
        editor.setText(text)
        editor.setProperty("shown", text)
        editor.selectAll()

    def setModelData(self, editor, model, index):
        text = editor.text().strip()
        if text != editor.property("shown"):  # an unchanged text is no edit
            model.setData(index, text)

    def updateEditorGeometry(self, editor, option, index):
        rect = QRect(option.rect)
        need = QFontMetrics(editor.font()).horizontalAdvance("-0." + "0" * EDIT_DIGITS) + 14
        if rect.width() < need:
            rect.setWidth(need)
            right = editor.parentWidget().width() - 1
            if rect.right() > right:
                rect.moveRight(right)
        editor.setGeometry(rect)


class VectorTable(QTableView):
    """An editable table of the scene's vectors with their live numbers.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (rows, numbers, ``selected_changed``); never written.
    parent : QWidget, optional

    Signals
    -------
    refused(str)
        An edit was refused; the argument says why.
    row_selected(int)
        The user made this row current.

    Attributes
    ----------
    table_model : VectorTableModel
        Its ``rename_requested``, ``role_requested`` and ``direction_requested``
        carry the edits.
    """

    refused = Signal(str)
    row_selected = Signal(int)

    def __init__(self, model: PlaygroundModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._following = False
        self.table_model = VectorTableModel(model)
        self.setModel(self.table_model)
        self.table_model.refused.connect(self.refused)
        self.setItemDelegateForColumn(1, _RoleDelegate(self))
        coordinates = _CoordinateDelegate(self)
        for col in (2, 3, 4):
            self.setItemDelegateForColumn(col, coordinates)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        header = self.horizontalHeader()
        # Fixed widths: ResizeToContents would ask every row for its size on
        # every drag move (tens of ms with many vectors).
        header.setSectionResizeMode(QHeaderView.Interactive)
        self._size_columns()
        self.setToolTip("Double-click a cell to edit; typed directions are normalized")
        self.selectionModel().currentRowChanged.connect(self._on_selection_row_changed)
        model.selected_changed.connect(self._on_model_selected_changed)
        model.structure_changed.connect(self._size_names)

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # Qt override
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
        if current.isValid() and not self._following:
            self.row_selected.emit(current.row())

    def _on_model_selected_changed(self, index: int | None) -> None:
        # Guarded rather than signal-blocked: the view must still repaint the rows.
        selection, flags = self.selectionModel(), QItemSelectionModel.SelectionFlag
        self._following = True  # no intent back to the model
        try:
            if index is None:
                selection.clear()
            else:
                target = self.table_model.index(index, 0)
                selection.setCurrentIndex(target, flags.ClearAndSelect | flags.Rows)
        finally:
            self._following = False

    def refuse(self, message: str) -> None:
        """Report an edit the controller refused (emits ``refused``)."""
        self.table_model.refuse(message)

    def selected_row(self) -> int | None:
        index = self.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def _size_columns(self) -> None:
        """Every column wide enough for its widest text (numbers in the mono font)."""
        text, mono = QFontMetrics(self.font()), QFontMetrics(mono_font())
        for col, sample in enumerate(_WIDEST):
            fm = mono if col >= 2 else text
            head = text.horizontalAdvance(COLUMNS[col])
            self.setColumnWidth(col, max(fm.horizontalAdvance(sample), head) + 18)
        self.horizontalHeader().setMinimumSectionSize(40)
        self._size_names()

    def _size_names(self, *_args) -> None:
        """The Name column as wide as the longest name (with its swatch), at most 220 px."""
        fm = QFontMetrics(self.font())
        names = [*self._model.scene.names, _WIDEST[0], COLUMNS[0]]
        width = max(fm.horizontalAdvance(n) for n in names) + 18 + fm.height()
        self.setColumnWidth(0, min(width, 220))

    def apply_theme(self, palette) -> None:
        font = self.font()
        font.setPointSizeF(10.0 * palette.font_scale)
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(int(22 * palette.font_scale))
        self._size_columns()
