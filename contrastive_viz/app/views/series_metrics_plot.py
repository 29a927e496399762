"""Metrics per step: alignment, uniformity, SupCon and kNN accuracy, the current step marked.

Four small plots stacked on one shared step axis (a pyqtgraph ``GraphicsLayoutWidget``),
each with a vertical line at the current position. Passive: the controller calls
:meth:`SeriesMetricsPlot.set_metrics` with one ``StepMetrics`` (or None while it is
being computed) per step, and :meth:`set_position`.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from . import theme

__all__ = ["FIELDS", "SeriesMetricsPlot"]

#: (attribute of StepMetrics, title)
FIELDS = (
    ("alignment", "alignment (lower is better)"),
    ("uniformity", "uniformity (lower is better)"),
    ("supcon", "SupCon at τ"),
    ("knn_accuracy", "kNN accuracy (k = 10)"),
)


def metric_values(metrics: list, name: str) -> np.ndarray:
    """One float per step (NaN where not computed or not defined)."""
    out = np.full(len(metrics), np.nan)
    for i, m in enumerate(metrics):
        v = None if m is None else getattr(m, name, None)
        if v is not None:
            out[i] = float(v)
    return out


class SeriesMetricsPlot(pg.GraphicsLayoutWidget):
    """Four plots of metrics against the step (see the module).

    Attributes
    ----------
    curves : dict of str to pg.PlotDataItem
    markers : list of pg.InfiniteLine
        The current-step line on each plot.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self._pal = theme.palette()
        self._names: list[str] = []
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.markers: list[pg.InfiniteLine] = []
        self.plots: list[pg.PlotItem] = []
        first = None
        for row, (name, title) in enumerate(FIELDS):
            plot = self.addPlot(row=row, col=0, title=title)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.setMenuEnabled(False)
            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            self.curves[name] = plot.plot([], [], symbol="o", symbolSize=5)
            marker = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(marker)
            self.markers.append(marker)
            self.plots.append(plot)
        self.note = pg.LabelItem("", justify="left")
        self.addItem(self.note, row=len(FIELDS), col=0)
        self.apply_theme(self._pal)

    def set_steps(self, names: list[str]) -> None:
        self._names = list(names)
        ticks = [(i, n) for i, n in enumerate(names)]
        every = max(1, len(ticks) // 8)
        for plot in self.plots:
            plot.getAxis("bottom").setTicks([ticks[::every], []])
            plot.setXRange(-0.3, max(len(names) - 1, 0) + 0.3, padding=0)

    def set_metrics(self, metrics: list, note: str = "") -> None:
        x = np.arange(len(metrics), dtype=float)
        for name, curve in self.curves.items():
            y = metric_values(metrics, name)
            ok = np.isfinite(y)
            curve.setData(x[ok], y[ok])
        self.note.setText(note, color=self._pal.muted)

    def set_position(self, position: float) -> None:
        for marker in self.markers:
            marker.setValue(position)

    def apply_theme(self, pal: theme.Palette) -> None:
        self._pal = pal
        self.setBackground(pal.background)
        for plot, (name, title) in zip(self.plots, FIELDS, strict=True):
            plot.setTitle(title, color=pal.foreground, size=f"{9 * pal.font_scale:.0f}pt")
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(pal.grid)
                plot.getAxis(axis).setTextPen(pal.muted)
            curve = self.curves[name]
            curve.setPen(pg.mkPen(pal.accent, width=2))
            curve.setSymbolBrush(pal.accent)
            curve.setSymbolPen(None)
        for marker in self.markers:
            marker.setPen(pg.mkPen(pal.anchor, width=2))
