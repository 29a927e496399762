"""Point pictures on the 2-D plot, in place of dots (a pyqtgraph item; lazy, bounded)."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor, QPainter, QPen

from .thumbnails import Thumbnails

__all__ = ["ThumbnailsItem"]


class ThumbnailsItem(pg.GraphicsObject):
    """Each point's picture, centred on it at a fixed pixel size, framed in its colour.

    Pictures are decoded when first painted, for at most :attr:`frame_budget`
    seconds a frame (the others show as a small square in the point's colour and are
    decoded on the next frames), and kept by a bounded :class:`~.thumbnails.Thumbnails`
    cache. Only the points in view are drawn. A missing or broken picture shows the
    cache's placeholder (a crossed grey square), never an error.

    Parameters
    ----------
    size : int
        Side of the square the pictures fit, in logical pixels.
    capacity : int
        Pixmaps kept (least recently used dropped first).

    Attributes
    ----------
    thumbs : Thumbnails
    x, y : ndarray of float64
    rows : ndarray of int64
        Dataset row of each point.
    drawn : int
        How many pictures the last paint drew (for tests).
    """

    frame_budget = 0.02

    def __init__(self, size: int = 48, capacity: int = 1000):
        super().__init__()
        self.thumbs = Thumbnails(size, capacity)
        self.images = None
        self.x = self.y = np.zeros(0)
        self.rows = np.zeros(0, np.int64)
        self._codes = np.zeros(0, np.intp)
        self._pens: list[QPen] = [QPen(QColor("white"))]
        self._bounds = QRectF()
        self.drawn = 0
        self._more = QTimer(singleShot=True, interval=0, timeout=self.update)

    def set_points(self, x, y, rows, codes, colors: list[str], images) -> None:
        """Points to draw (positions, dataset rows, colour codes into ``colors``, pictures)."""
        self.prepareGeometryChange()
        if images is not self.images:
            self.thumbs.clear()
        self.images = images
        self.x, self.y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        self.rows, self._codes = np.asarray(rows, np.int64), np.asarray(codes, np.intp)
        self._pens = [QPen(QColor(c), 2) for c in colors] or [QPen(QColor("white"))]
        for pen in self._pens:
            pen.setCosmetic(True)
        if self.x.size:
            x0, y0 = self.x.min(), self.y.min()
            self._bounds = QRectF(x0, y0, self.x.max() - x0, self.y.max() - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def in_view(self, rect: QRectF, margin_px: float = 0.0) -> np.ndarray:
        """Indices (into ``x``) of the points whose picture reaches into ``rect``."""
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        mx, my = (self.thumbs.size / 2 + margin_px) * pw, (self.thumbs.size / 2 + margin_px) * ph
        keep = (self.x >= rect.left() - mx) & (self.x <= rect.right() + mx)
        keep &= (self.y >= rect.top() - my) & (self.y <= rect.bottom() + my)
        return np.flatnonzero(keep)

    def boundingRect(self) -> QRectF:
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        r = self.thumbs.size
        return self._bounds.adjusted(-r * pw, -r * ph, r * pw, r * ph)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        values = self.x if ax == 0 else self.y
        return (values.min(), values.max()) if values.size else (None, None)

    def paint(self, p: QPainter, *_args) -> None:
        self.drawn = 0
        view = self.viewRect()
        if self.x.size == 0 or view is None:
            return
        shown = self.in_view(view)
        t = p.transform()
        x, y = self.x[shown], self.y[shown]
        cx = t.m11() * x + t.m21() * y + t.dx()
        cy = t.m12() * x + t.m22() * y + t.dy()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        deadline = time.perf_counter() + self.frame_budget
        pending = False
        frames: dict[int, list[QRectF]] = {}
        codes = (self._codes[shown] % len(self._pens)).tolist()
        for k, i in enumerate(shown.tolist()):
            row = int(self.rows[i])
            pix = self.thumbs.cached(self.images, row)
            if pix is None and time.perf_counter() < deadline:
                pix = self.thumbs.pixmap(self.images, row)
            if pix is None:  # decoded on a later frame
                pending = True
                p.fillRect(QRectF(cx[k] - 3, cy[k] - 3, 6, 6), self._pens[codes[k]].color())
                continue
            w, h = pix.width() / pix.devicePixelRatio(), pix.height() / pix.devicePixelRatio()
            target = QRectF(cx[k] - w / 2, cy[k] - h / 2, w, h)
            p.drawPixmap(target, pix, QRectF(pix.rect()))
            frames.setdefault(codes[k], []).append(target.adjusted(-1, -1, 1, 1))
        for code, rects in frames.items():  # one call per colour
            p.setPen(self._pens[code])
            p.drawRects(rects)
            self.drawn += len(rects)
        if pending:
            self._more.start()
