"""The alignment–uniformity plane (Wang & Isola 2020) with the run's trajectory.

x: alignment (mean ‖u₁ − u₂‖² of the positive pairs, lower is better); y: uniformity
(log mean exp(−2‖uᵢ − uⱼ‖²), lower is more uniform). The trajectory is the 50-step
trailing mean of the batches' values, from a hollow start to a filled current point;
the last three runs stay as faint lines, so two temperatures can be compared.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.training.curves import smooth
from ..models.training import TrainingModel
from . import theme
from .plot_style import cache_axes
from .train_curves import REDRAW_MS, SMOOTH

GHOSTS = ("#9b59b6", "#16a085", "#7f8c8d")


class TrainPlane(QWidget):
    """The A–U plane: the current run's trajectory and up to three earlier ones."""

    def __init__(self, model: TrainingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        pal = theme.palette()
        self.plot = pg.PlotWidget()
        self.plot.setBackground(pal.background)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        cache_axes(self.plot)
        self.plot.setLabel("bottom", self.tr("alignment (lower: positives closer)"))
        self.plot.setLabel("left", self.tr("uniformity (lower: more uniform)"))
        self.plot.addLegend(offset=(-10, 10))
        self.ghosts = [
            self.plot.plot(pen=pg.mkPen(c, width=2, style=pg.QtCore.Qt.DashLine)) for c in GHOSTS
        ]
        self.path = self.plot.plot(pen=pg.mkPen("#e74c3c", width=2), name=self.tr("this run"))
        self.start = pg.ScatterPlotItem(size=10, pen=pg.mkPen("#e74c3c"), brush=None)
        self.now = pg.ScatterPlotItem(size=11, pen=None, brush=pg.mkBrush("#e74c3c"))
        self.plot.addItem(self.start)
        self.plot.addItem(self.now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._ghost_count = -1
        # Curves redraw at most every REDRAW_MS: the sphere keeps the frame rate.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self.redraw)
        model.progressed.connect(self._on_model_progressed)

    def _on_model_progressed(self, _step: int) -> None:
        if not self._redraw.isActive():
            self._redraw.start()

    def redraw(self) -> None:
        """Show the model's curves now."""
        m = self._model
        if len(m.previous) != self._ghost_count:
            self._set_ghosts()
        if m.steps.size == 0:
            for item in (self.path, self.start, self.now):
                item.setData([], [])
            return
        label = self.plot.plotItem.legend.getLabel(self.path)
        if label is not None:
            label.setText(self.tr("this run (τ={0})").format(f"{m.settings.temperature:g}"))
        a, u = smooth(m.alignment, SMOOTH), smooth(m.uniformity, SMOOTH)
        self.path.setData(a, u)
        self.start.setData([a[0]], [u[0]])
        self.now.setData([a[-1]], [u[-1]])

    def _set_ghosts(self) -> None:
        m = self._model
        self._ghost_count = len(m.previous)
        legend = self.plot.plotItem.legend
        for item in self.ghosts:
            legend.removeItem(item)
            item.setData([], [])
        for item, (label, a, u) in zip(self.ghosts, m.previous, strict=False):
            item.setData(smooth(a, SMOOTH), smooth(u, SMOOTH))
            legend.addItem(item, label)

    def trajectory(self) -> tuple[np.ndarray, np.ndarray]:
        """The plotted (alignment, uniformity) of the current run (for tests)."""
        x, y = self.path.getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)
