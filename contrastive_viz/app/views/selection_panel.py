"""The selection panel: drawing tools, what the selected points are, and what to do with them.

A passive view. It listens to :class:`~contrastive_viz.app.models.row_selection.RowSelection`
(count, tool, isolation), gets the computed summary through :meth:`SelectionPanel.set_summary`
and emits intents; ``controllers/selection_controller.py`` (SelectionController)
does the work.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.selection_summary import SelectionSummary
from ..models.row_selection import RowSelection
from . import theme

__all__ = ["SelectionPanel"]

_TOOLS = (
    ("pan", "Pan", "A drag pans (2-D) or rotates (3-D)"),
    ("lasso", "Lasso", "A drag draws a lasso: Shift adds, Alt or Ctrl subtracts, Esc clears"),
    ("rect", "Rectangle", "A drag draws a rectangle: Shift adds, Alt or Ctrl subtracts"),
)
_BARS = 8  # label histogram rows shown


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}".replace("-", "−")


class SelectionPanel(QWidget):
    """Tools, summary and actions of the multi-point selection.

    Parameters
    ----------
    rows : RowSelection
    parent : QWidget, optional

    Signals
    -------
    tool_requested(str), invert_requested(), clear_requested(),
    isolate_requested(bool), export_csv_requested(), export_npy_requested(),
    project_requested(), send_requested(str, int)
        The last: ``"hardest"`` or ``"random"``, and how many negatives.
    """

    tool_requested = Signal(str)
    invert_requested = Signal()
    clear_requested = Signal()
    isolate_requested = Signal(bool)
    export_csv_requested = Signal()
    export_npy_requested = Signal()
    project_requested = Signal()
    send_requested = Signal(str, int)

    def __init__(self, rows: RowSelection, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows = rows
        self._pal = theme.palette()
        self.tool_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for name, text, tip in _TOOLS:
            b = QToolButton(text=text, checkable=True, toolTip=tip)
            b.clicked.connect(lambda _c=False, n=name: self.tool_requested.emit(n))
            group.addButton(b)
            tools.addWidget(b)
            self.tool_buttons[name] = b
        self.invert_button = QToolButton(text="Invert", toolTip="Select the others (Ctrl+Shift+I)")
        self.invert_button.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.clear_button = QToolButton(text="Clear", toolTip="Select nothing (Esc on the plot)")
        self.invert_button.clicked.connect(self.invert_requested)
        self.clear_button.clicked.connect(self.clear_requested)
        tools.addStretch(1)
        tools.addWidget(self.invert_button)
        tools.addWidget(self.clear_button)

        self.title = QLabel()
        self.histogram = QLabel(wordWrap=True)
        self.metrics = QLabel(wordWrap=True)
        self.metrics.setToolTip(
            "The selection's own SupCon (at the playground's τ), alignment and uniformity,\n"
            "computed on the selected points alone (see the Dataset panel for their meaning)."
        )
        self.nearest = QLabel(wordWrap=True)
        self.nearest.setToolTip(
            "The class, other than the selection's majority label, whose mean direction is\n"
            "closest (cosine) to the selection's mean direction."
        )

        self.isolate_button = QPushButton("Isolate", checkable=True)
        self.isolate_button.setToolTip("Show only the selection (the rest is dimmed)")
        self.isolate_button.toggled.connect(self._on_isolate_toggled)
        self.project_button = QPushButton("Project alone")
        self.project_button.setToolTip(
            "The selected points alone, in place of the file: their own PCA, or the UMAP /\n"
            "t-SNE chosen in the map options (computed on them only)"
        )
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setToolTip("Row ids and every metadata column of the selection")
        self.npy_button = QPushButton("Export .npy…")
        self.npy_button.setToolTip("The selection's vectors, in row order")
        self.project_button.clicked.connect(self.project_requested)
        self.csv_button.clicked.connect(self.export_csv_requested)
        self.npy_button.clicked.connect(self.export_npy_requested)
        self.send_mode = QComboBox()
        self.send_mode.addItem("hardest", "hardest")
        self.send_mode.addItem("random", "random")
        self.send_mode.setToolTip("The k selected points nearest the anchor, or k at random")
        self.send_k = QSpinBox(minimum=1, maximum=64, value=8)
        self.send_k.setToolTip("How many negatives to send")
        self.send_button = QPushButton("Send as negatives")
        self.send_button.setToolTip(
            "Send the anchor (the point selected by a click), its positive and k selected\n"
            "points as negatives to the playground"
        )
        self.send_button.clicked.connect(
            lambda: self.send_requested.emit(self.send_mode.currentData(), self.send_k.value())
        )
        self.status = QLabel(wordWrap=True)

        actions = QGridLayout()
        actions.addWidget(self.isolate_button, 0, 0)
        actions.addWidget(self.project_button, 0, 1)
        actions.addWidget(self.csv_button, 1, 0)
        actions.addWidget(self.npy_button, 1, 1)
        send = QHBoxLayout()
        send.addWidget(self.send_mode)
        send.addWidget(self.send_k)
        send.addWidget(self.send_button, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        for w in (self.title, self.histogram, self.metrics, self.nearest):
            layout.addWidget(w)
        layout.addLayout(actions)
        layout.addLayout(send)
        layout.addWidget(self.status)
        layout.addStretch(1)

        rows.rows_changed.connect(self._on_rows_rows_changed)
        rows.tool_changed.connect(self._on_rows_tool_changed)
        rows.isolated_changed.connect(self._on_rows_isolated_changed)
        self._on_rows_tool_changed(rows.tool)
        self._on_rows_rows_changed(rows.rows)
        self.apply_theme(self._pal)

    # ------------------------------------------------------------ model
    def _on_rows_rows_changed(self, rows) -> None:
        n = len(rows)
        self.title.setText(
            f"<b>{n:,} point{'s' if n != 1 else ''} selected</b>" if n else
            "<b>No selection</b> — choose Lasso or Rectangle and drag on the plot"
        )  # fmt: skip
        for b in (self.isolate_button, self.project_button, self.csv_button, self.npy_button,
                  self.send_button):  # fmt: skip
            b.setEnabled(n > 0)
        self.project_button.setEnabled(n >= 3)
        if not n:
            self.set_summary(None)
        self.status.setText("")

    def _on_rows_tool_changed(self, tool: str) -> None:
        self.tool_buttons[tool].setChecked(True)

    def _on_rows_isolated_changed(self, isolated: bool) -> None:
        blocked = self.isolate_button.blockSignals(True)
        self.isolate_button.setChecked(isolated)
        self.isolate_button.blockSignals(blocked)

    def _on_isolate_toggled(self, checked: bool) -> None:
        self.isolate_requested.emit(checked)

    # ---------------------------------------------------------- setters
    def set_summary(self, summary: SelectionSummary | None, busy: bool = False) -> None:
        """Show ``summary`` (None clears; ``busy``: "computing…")."""
        if busy:
            self.metrics.setText("<i>computing the selection's metrics…</i>")
            return
        if summary is None:
            self.histogram.setText("")
            self.metrics.setText("")
            self.nearest.setText("")
            return
        self.histogram.setText(self._histogram_html(summary))
        m = summary.metrics
        if m is None:
            self.metrics.setText("Select at least 2 points for SupCon, alignment, uniformity.")
        else:
            supcon = _fmt(m.supcon) if m.supcon is not None else f"— ({m.supcon_reason})"
            drawn = ""
            if summary.metrics_rows < summary.count:
                drawn = f" (a random {summary.metrics_rows:,} of the selection)"
            self.metrics.setText(
                f"SupCon at τ = {m.temperature:g}: <b>{supcon}</b> · "
                f"alignment <b>{_fmt(m.alignment)}</b> · uniformity <b>{_fmt(m.uniformity)}</b>"
                f"<br><span style='color:{self._pal.muted}'>{html.escape(m.sample_text)}"
                f"{drawn}</span>"
            )
        if summary.nearest_class is None:
            self.nearest.setText("")
        else:
            self.nearest.setText(
                f"Nearest other class: <b>{html.escape(summary.nearest_class)}</b> "
                f"(cosine of the mean directions {_fmt(summary.nearest_cosine)})"
            )

    def _histogram_html(self, summary: SelectionSummary) -> str:
        if not summary.histogram:
            return ""
        top = summary.histogram[:_BARS]
        most = top[0][1]
        rows = []
        for name, count in top:
            bar = "█" * max(1, round(20 * count / most))  # text bars: rich text has no widths
            rows.append(
                f"<tr><td>{html.escape(name[:24])}</td><td align='right'>&nbsp;{count:,}&nbsp;</td>"
                f"<td style='color:{self._pal.accent}'>{bar}</td></tr>"
            )
        rest = len(summary.histogram) - len(top)
        more = f"<br>… and {rest} more label{'s' if rest != 1 else ''}" if rest > 0 else ""
        return f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>{more}"

    def set_status(self, text: str) -> None:
        """What the last action did (or why it could not)."""
        self.status.setText(text)

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle for ``pal``."""
        self._pal = pal
        self.status.setStyleSheet(f"color: {pal.muted};")
