"""The table of the scene's vectors: name, role, x/y/z and the live numbers.

Name, role and x/y/z are editable; a typed direction is normalized, and an
invalid value is refused (``refused`` is emitted with the reason) while the
last good value stays. The current row follows the model's selection, and a
click asks for a new one (``row_selected``).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
)

from ...core.scene import ROLES
from ..models.playground import PlaygroundModel
from .vector_table_model import COLUMNS, NUMERIC_COLUMNS, TIPS, VectorTableModel

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
        model.selected_changed.connect(self._on_model_selected_changed)

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

    def apply_theme(self, palette) -> None:
        font = self.font()
        font.setPointSizeF(10.0 * palette.font_scale)
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(int(22 * palette.font_scale))
