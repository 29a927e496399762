"""A linked histogram: the bars of any metadata column; clicking a bar filters the view.

A passive view: ``controllers/histogram_controller.py`` computes the bars
(``core/column_histogram.py``) and calls :meth:`ColumnHistogramView.set_histogram`;
the view draws horizontal bars (names on the left) and emits intents.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.column_histogram import ColumnHistogram
from . import theme
from .lasso_tool import PATH_COLOR, stroke_mode
from .plot_style import style_axes

__all__ = ["ColumnHistogramView"]


class ColumnHistogramView(QWidget):
    """Column chooser and clickable bars.

    Signals
    -------
    column_requested(str)
        Another column was chosen.
    bar_clicked(int, str)
        A bar and the mode from the modifiers (replace; Shift adds; Alt/Ctrl subtracts).
    """

    column_requested = Signal(str)
    bar_clicked = Signal(int, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pal = theme.palette()
        self._hist: ColumnHistogram | None = None
        self._active: set[int] = set()
        self.column_box = QComboBox()
        self.column_box.setToolTip("The metadata column whose histogram is shown")
        self.column_box.currentTextChanged.connect(self._on_column_box_changed)
        self.hint = QLabel("Click a bar to show only its points (Shift adds, Ctrl removes)")
        self.hint.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(160)
        self.plot.getPlotItem().hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.8, width=[])
        self.plot.addItem(self.bars)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel("Histogram of"))
        row.addWidget(self.column_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.hint)
        self.apply_theme(self._pal)

    # ---------------------------------------------------------- setters
    def set_columns(self, columns: list[str], current: str | None) -> None:
        """The columns offered and the one shown (no ``column_requested`` for this)."""
        blocked = self.column_box.blockSignals(True)
        self.column_box.clear()
        self.column_box.addItems(list(columns))
        if current is not None:
            self.column_box.setCurrentText(current)
        self.column_box.blockSignals(blocked)

    def set_histogram(self, hist: ColumnHistogram | None, active=()) -> None:
        """Draw ``hist`` (None: empty), the ``active`` bars highlighted."""
        self._hist, self._active = hist, set(int(i) for i in active)
        if hist is None or not len(hist.counts):
            self.bars.setOpts(x0=[], y=[], width=[], brushes=[])
            return
        k = len(hist.counts)
        y = np.arange(k)[::-1]  # the first bar on top
        brushes = [pg.mkBrush(PATH_COLOR if i in self._active else self._pal.accent)
                   for i in range(k)]  # fmt: skip
        self.bars.setOpts(x0=np.zeros(k), y=y, width=hist.counts.astype(float), height=0.8,
                          brushes=brushes, pens=[pg.mkPen(None)] * k)  # fmt: skip
        axis = self.plot.getAxis("left")
        axis.setTicks([[(int(y[i]), hist.names[i][:18]) for i in range(k)]])
        self.plot.setXRange(0, float(max(hist.counts.max(), 1)) * 1.05, padding=0)
        self.plot.setYRange(-0.6, k - 0.4, padding=0)
        self.plot.setMinimumHeight(min(60 + 16 * k, 520))

    def bar_at(self, x: float, y: float) -> int | None:
        """The bar at view point (x, y), or None."""
        hist = self._hist
        if hist is None:
            return None
        k = len(hist.counts)
        i = k - 1 - int(round(y))
        if not 0 <= i < k or abs(y - round(y)) > 0.4 or x < 0:
            return None
        return i

    # ---------------------------------------------------------- intents
    def _on_column_box_changed(self, text: str) -> None:
        if text:
            self.column_requested.emit(text)

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        i = self.bar_at(p.x(), p.y())
        if i is not None:
            self.bar_clicked.emit(i, stroke_mode(ev.modifiers()))

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle for ``pal``."""
        self._pal = pal
        self.plot.setBackground(pal.background)
        font = QFont()
        font.setPointSizeF(8 * pal.font_scale)
        style_axes(self.plot, pal, font)
        self.hint.setStyleSheet(f"color: {pal.muted};")
        self.set_histogram(self._hist, self._active)
