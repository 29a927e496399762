"""Many discs of one size drawn with ONE ``drawPixmapFragments`` call (pyqtgraph item)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from ...core.colors import distinct_colors

__all__ = ["PointsItem", "point_palette"]


def point_palette(mapping, opacity: float, hidden_alpha: float):
    """QColors for a :class:`PointsItem`: each distinct colour visible, then dimmed.

    Returns
    -------
    palette : list of QColor
        ``2 * m`` colours: the ``m`` distinct colours of ``mapping`` at ``opacity``,
        then the same at ``opacity * hidden_alpha`` (points hidden by the filter).
    codes : ndarray of intp, shape (n,)
        Each point's colour among the first ``m``.
    m : int
    """
    names, codes = distinct_colors(mapping)
    palette = []
    for alpha in (opacity, opacity * hidden_alpha):
        for name in names:
            color = QColor(name)
            color.setAlphaF(alpha)
            palette.append(color)
    return palette, codes, len(names)


class PointsItem(pg.GraphicsObject):
    """Many discs of one size, each coloured from a short palette, in pixel size.

    pyqtgraph's ScatterPlotItem spends about 3 µs a point in Python on ``setData``;
    here ``set_points`` is numpy only and ``paint`` draws every point in view with ONE
    ``QPainter.drawPixmapFragments`` from an atlas holding one disc per colour.

    Attributes
    ----------
    x, y : ndarray of float64, shape (m,)
    codes : ndarray of intp, shape (m,)
        Palette entry of each point.
    index : ndarray of int64, shape (m,)
        Dataset row of each point.
    colors : list of QColor
        The palette.
    size : float
        Disc diameter in (logical) pixels.
    """

    def __init__(self):
        super().__init__()
        self.x = self.y = np.zeros(0)
        self.codes = np.zeros(0, np.intp)
        self.index = np.zeros(0, np.int64)
        self.colors: list[QColor] = [QColor("white")]
        self.size = 6.0
        self._atlas: QPixmap | None = None
        self._cell = 1
        self._bounds = QRectF()
        self._frags = PrimitiveArray(QPainter.PixmapFragment, 10)

    def set_points(self, x, y, codes, index) -> None:
        """Replace the points (positions, palette codes, dataset rows)."""
        self.prepareGeometryChange()
        self.x, self.y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        self.codes, self.index = np.asarray(codes, np.intp), np.asarray(index, np.int64)
        if self.x.size:
            x0, y0 = self.x.min(), self.y.min()
            self._bounds = QRectF(x0, y0, self.x.max() - x0, self.y.max() - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def set_style(self, colors: list[QColor], size: float) -> None:
        """Set the palette and the disc diameter."""
        self.colors, self.size = list(colors), float(size)
        self._atlas = None
        self.prepareGeometryChange()
        self.update()

    def point_colors(self) -> list[str]:
        """``#rrggbb`` of every point (for tests and exports)."""
        return [self.colors[c].name() for c in self.codes]

    def boundingRect(self) -> QRectF:
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        r = self.size
        return self._bounds.adjusted(-r * pw, -r * ph, r * pw, r * ph)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        values = self.x if ax == 0 else self.y
        return (values.min(), values.max()) if values.size else (None, None)

    def _build_atlas(self, dpr: float) -> None:
        d = max(1, round(self.size * dpr))
        self._cell = d + 2
        atlas = QPixmap(self._cell * len(self.colors), self._cell)
        atlas.fill(Qt.GlobalColor.transparent)
        p = QPainter(atlas)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        for k, color in enumerate(self.colors):
            p.setBrush(color)
            p.drawEllipse(QRectF(k * self._cell + 1, 1, d, d))
        p.end()
        self._atlas = atlas
        self._atlas_dpr = dpr

    def paint(self, p: QPainter, *_args) -> None:
        if self.x.size == 0:
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        if self._atlas is None or self._atlas_dpr != dpr:
            self._build_atlas(dpr)
        view = self.viewRect()
        if view is None:
            return
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        pad_x, pad_y = self.size * pw, self.size * ph
        keep = (self.x >= view.left() - pad_x) & (self.x <= view.right() + pad_x)
        keep &= (self.y >= view.top() - pad_y) & (self.y <= view.bottom() + pad_y)
        shown = np.flatnonzero(keep)
        if shown.size == 0:
            return
        t = p.transform()
        x, y = self.x[shown], self.y[shown]
        self._frags.resize(shown.size)
        frags = self._frags.ndarray()
        frags[:, 0] = t.m11() * x + t.m21() * y + t.dx()
        frags[:, 1] = t.m12() * x + t.m22() * y + t.dy()
        frags[:, 2] = self.codes[shown] * self._cell
        frags[:, 3] = 0.0
        frags[:, 4:6] = self._cell
        frags[:, 6:8] = 1.0 / dpr
        frags[:, 8] = 0.0
        frags[:, 9] = 1.0
        p.resetTransform()
        p.drawPixmapFragments(*self._frags.drawargs(), self._atlas)
