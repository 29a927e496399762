"""The alignment–uniformity plane with the series' trajectory (Wang & Isola 2020, fig. 1).

x: uniformity (log mean exp(−2‖xᵢ−xⱼ‖²)), y: alignment (mean ‖x−y‖² over same-label
pairs); both lower is better, so training that helps moves towards the lower left.
Each step is a dot coloured from early (dark) to late (bright) along the viridis
gradient, joined in order, with its name; the current position is ringed. Passive:
:meth:`SeriesAUPlane.set_metrics`, :meth:`set_position`.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from ...core.colors import gradient
from ...core.display_text import elide
from . import theme
from .plot_style import style_axes
from .series_metrics_plot import metric_values

__all__ = ["SeriesAUPlane"]


class SeriesAUPlane(pg.PlotWidget):
    """Trajectory of (uniformity, alignment) over the steps.

    Attributes
    ----------
    path_item : pg.PlotDataItem
    dots_item : pg.ScatterPlotItem
    current_item : pg.ScatterPlotItem
    labels : list of pg.TextItem
    points : ndarray, shape (m, 2)
        The (uniformity, alignment) of the steps that have both.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self._pal = theme.palette()
        self._names: list[str] = []
        self._steps = np.zeros(0, np.int64)
        self.points = np.zeros((0, 2))
        self.getPlotItem().hideButtons()
        self.path_item = pg.PlotDataItem()
        self.dots_item = pg.ScatterPlotItem(size=11, pxMode=True)
        self.current_item = pg.ScatterPlotItem(size=20, pxMode=True)
        for item in (self.path_item, self.dots_item, self.current_item):
            self.addItem(item)
        self.labels: list[pg.TextItem] = []
        self.hint = pg.TextItem("", anchor=(0.5, 0.5))
        self.addItem(self.hint)
        self.apply_theme(self._pal)

    def set_metrics(self, names: list[str], metrics: list) -> None:
        self._names = list(names)
        u, a = metric_values(metrics, "uniformity"), metric_values(metrics, "alignment")
        ok = np.isfinite(u) & np.isfinite(a)
        self._steps = np.flatnonzero(ok)
        self.points = np.column_stack([u[ok], a[ok]])
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        m = self._steps.size
        self.hint.setText(
            ""
            if m
            else self.tr("Needs labels: alignment is measured over same-label pairs")
            if np.isfinite(u).any()
            else self.tr("The metrics appear here once computed")
        )
        if m == 0:
            self.path_item.setData([], [])
            self.dots_item.setData([], [])
            self.current_item.setData([], [])
            return
        rgba = gradient(np.linspace(0.15, 1.0, m))
        brushes = [pg.mkBrush(QColor(*c)) for c in rgba]
        self.path_item.setData(self.points[:, 0], self.points[:, 1])
        self.dots_item.setData(pos=self.points, brush=brushes, pen=pg.mkPen(self._pal.background))
        font = QFont()
        font.setPointSizeF(8.5 * self._pal.font_scale)
        every = max(1, m // 10)
        for j, step in enumerate(self._steps):
            if j % every and j != m - 1:
                continue
            label = pg.TextItem(elide(self._names[step], 18), anchor=(-0.1, 1.1))
            label.setColor(self._pal.muted)
            label.setFont(font)
            label.setPos(*self.points[j])
            self.addItem(label)
            self.labels.append(label)
        self.autoRange(padding=0.15)

    def set_position(self, position: float) -> None:
        i = int(round(position))
        hit = np.flatnonzero(self._steps == i)
        if hit.size == 0:
            self.current_item.setData([], [])
            return
        pen = pg.mkPen(self._pal.anchor, width=3)
        self.current_item.setData(pos=self.points[hit], pen=pen, brush=pg.mkBrush(None))

    def apply_theme(self, pal: theme.Palette) -> None:
        self._pal = pal
        self.setBackground(pal.background)
        font = QFont()
        font.setPointSizeF(9 * pal.font_scale)
        style_axes(self, pal, font)
        style = {"color": pal.foreground, "font-size": f"{10 * pal.font_scale:.0f}pt"}
        self.setLabel("bottom", self.tr("uniformity: log mean exp(−2‖xᵢ−xⱼ‖²), ← better"), **style)
        self.setLabel("left", self.tr("alignment: same-label mean ‖x−y‖², ↓ better"), **style)
        self.path_item.setPen(pg.mkPen(pal.muted, width=1.5))
        self.hint.setColor(pal.muted)
