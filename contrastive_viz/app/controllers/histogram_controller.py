"""The linked histogram: bars of a metadata column; a click selects a bar's points and isolates.

Clicking a bar replaces the selection with its rows (Shift adds them, Alt/Ctrl
removes them) and turns on Isolate, so the views show only those points and the
selection panel describes them. Clicking the only active bar again clears it.
A lasso or any other change of the selection deactivates the bars.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ...core.column_histogram import ColumnHistogram, column_histogram
from ..models.explorer import ExplorerModel

__all__ = ["HistogramController"]


class HistogramController(QObject):
    """Wires a :class:`~..views.column_histogram_view.ColumnHistogramView` to the models.

    Parameters
    ----------
    model : ExplorerModel
    view : ColumnHistogramView
    parent : QObject, optional

    Attributes
    ----------
    histogram : ColumnHistogram or None
    active : set of int
        The bars whose points make the current selection.
    """

    def __init__(self, model: ExplorerModel, view, parent: QObject | None = None):
        super().__init__(parent)
        self.model, self.view = model, view
        self.histogram: ColumnHistogram | None = None
        self.active: set[int] = set()
        self._applying = False
        model.data.dataset_changed.connect(self._on_data_dataset_changed)
        model.rows.rows_changed.connect(self._on_rows_rows_changed)
        view.column_requested.connect(self.show_column)
        view.bar_clicked.connect(self.click_bar)
        if model.data.dataset is not None:
            self._on_data_dataset_changed(model.data.dataset)

    def _on_data_dataset_changed(self, ds) -> None:
        self.active = set()
        columns = list(ds.metadata) if ds is not None else []
        current = ds.label_column if ds is not None and ds.label_column else None
        current = current or (columns[0] if columns else None)
        self.view.set_columns(columns, current)
        self.show_column(current)

    def show_column(self, column: str | None) -> None:
        """Show the histogram of ``column`` (None or unknown: none)."""
        ds = self.model.data.dataset
        self.active = set()
        if ds is None or column not in ds.metadata:
            self.histogram = None
        else:
            self.histogram = column_histogram(column, *self.model.data.encoded(column))
        self.view.set_histogram(self.histogram, self.active)

    def click_bar(self, bar: int, mode: str = "replace") -> None:
        """Select (replace/add/subtract) the rows of ``bar`` and show only the selection."""
        hist, rows = self.histogram, self.model.rows
        if hist is None or not 0 <= bar < len(hist.counts):
            return
        if mode == "replace" and self.active == {bar}:
            active, mode = set(), "clear"
        elif mode == "replace":
            active = {bar}
        elif mode == "add":
            active = self.active | {bar}
        else:
            active = self.active - {bar}
        self._applying = True
        try:
            if mode == "clear":
                rows.clear()
            else:
                rows.apply(hist.rows(bar), mode)
                rows.set_isolated(True)
        finally:
            self._applying = False
        self.active = active if rows.count else set()
        self.view.set_histogram(hist, self.active)

    def _on_rows_rows_changed(self, _rows) -> None:
        if not self._applying and self.active:
            self.active = set()
            self.view.set_histogram(self.histogram, self.active)
