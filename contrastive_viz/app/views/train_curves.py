"""The run's curves over the steps: the loss, and alignment and uniformity (Wang & Isola).

Each step's values are measured on its batch, so they are noisy: the faint lines are the
raw values, the strong ones a 50-step trailing mean (:func:`core.training.curves.smooth`).
Items are created once and updated with ``setData``; long runs are clipped to the view
and downsampled by pyqtgraph.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.training.curves import smooth
from ..models.training import TrainingModel
from . import theme
from .plot_style import cache_axes

SMOOTH = 50
REDRAW_MS = 100


class TrainCurves(QWidget):
    """Two stacked plots sharing the step axis: loss; alignment and uniformity."""

    def __init__(self, model: TrainingModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._model = model
        pal = theme.palette()
        self.loss_plot = pg.PlotWidget()
        self.metric_plot = pg.PlotWidget()
        self.metric_plot.setXLink(self.loss_plot)
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.metric_plot.setLabel("bottom", self.tr("step"))
        self.metric_plot.addLegend(offset=(-10, 10))
        self.lines = {}
        for plot, name, color, label in (
            (self.loss_plot, "loss", pal.foreground, None),
            (self.metric_plot, "alignment", "#e67e22", self.tr("alignment")),
            (self.metric_plot, "uniformity", "#3498db", self.tr("uniformity")),
        ):
            plot.setBackground(pal.background)
            plot.setDownsampling(auto=True, mode="mean")
            plot.setClipToView(True)
            plot.showGrid(x=True, y=True, alpha=0.2)
            cache_axes(plot)
            raw = plot.plot(pen=pg.mkPen(color, width=1), name=None)
            raw.setOpacity(0.25)
            mean = plot.plot(pen=pg.mkPen(color, width=2), name=label)
            self.lines[name] = (raw, mean)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, 1)
        layout.addWidget(self.metric_plot, 1)
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
        for name, (raw, mean) in self.lines.items():
            values = getattr(m, name)
            raw.setData(m.steps, values)
            mean.setData(m.steps, smooth(values, SMOOTH))
