"""The 2-D scatter's highlights: the selection ring, its neighbours and the links to them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor

from . import theme

__all__ = ["ScatterHighlights"]


class ScatterHighlights:
    """Three pyqtgraph items drawn over the points (add them to a plot).

    Attributes
    ----------
    links_item : pg.PlotCurveItem
        A thin line from the selection to each neighbour.
    neighbor_item, selected_item : pg.ScatterPlotItem
        ``item.data["data"]`` holds their dataset rows.
    """

    def __init__(self) -> None:
        self.links_item = pg.PlotCurveItem(connect="pairs")
        self.neighbor_item = pg.ScatterPlotItem()
        self.selected_item = pg.ScatterPlotItem()

    def clear(self) -> None:
        """Nothing selected."""
        for item in (self.selected_item, self.neighbor_item):
            item.setData(x=[], y=[])
        self.links_item.setData(x=[], y=[])

    def show(self, x, y, selected: int, neighbors: np.ndarray, brushes: list[QBrush],
             size: float, pal: theme.Palette) -> None:  # fmt: skip
        """Ring row ``selected``, outline ``neighbors`` (filled with ``brushes``), link them."""
        fill = QColor(pal.anchor)
        fill.setAlphaF(0.3)
        self.selected_item.setData(
            x=[x[selected]], y=[y[selected]], data=[selected], size=size + 14, symbol="o",
            pen=pg.mkPen(pal.anchor, width=3), brush=pg.mkBrush(fill),
        )  # fmt: skip
        idx = neighbors
        self.neighbor_item.setData(
            x=x[idx], y=y[idx], data=idx, size=size + 6, symbol="o",
            pen=pg.mkPen(pal.foreground, width=2), brush=brushes,
        )  # fmt: skip
        lx = np.empty(2 * idx.size, np.float32)
        ly = np.empty(2 * idx.size, np.float32)
        lx[0::2], ly[0::2] = x[selected], y[selected]
        lx[1::2], ly[1::2] = x[idx], y[idx]
        self.links_item.setData(x=lx, y=ly, connect="pairs")

    def apply_theme(self, pal: theme.Palette) -> None:
        """The links take the foreground colour."""
        self.links_item.setPen(pg.mkPen(QColor(pal.foreground), width=1))
        self.links_item.setOpacity(0.55)
