"""Points rasterized with numpy into one image: the series' 2-D frames while they move.

:class:`~.points_item.PointsItem` draws antialiased discs (about 35–45 ms a paint at
100k points under the raster engine, measured), too slow for a 30 fps animation. While
the series glides between steps, view A draws its points with :class:`SplatItem`
instead: each point is a 5-pixel "plus" written with numpy into an ARGB32 buffer the
size of the view (later points on top, opaque), and the buffer is drawn with ONE
``drawImage`` (about 10 ms at 100k points). At rest on a step the discs return, up to
50k points (above it, as the explorer draws a density image, every frame is splats).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

__all__ = ["SplatItem"]

#: Pixel offsets of one splat (a plus: the centre and its four neighbours).
OFFSETS = ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1))


class SplatItem(pg.GraphicsObject):
    """Points as small opaque splats in one image (see the module).

    Attributes
    ----------
    x, y : ndarray of float32
    codes : ndarray of intp
        Palette entry of each point.
    table : ndarray of uint32
        Premultiplied ARGB colour of each palette entry.
    """

    def __init__(self):
        super().__init__()
        self.x = self.y = np.zeros(0, np.float32)
        self.codes = np.zeros(0, np.intp)
        self.table = np.array([0xFFFFFFFF], np.uint32)
        self._buffer = np.zeros(0, np.uint32)

    def set_points(self, x, y, codes) -> None:
        self.x, self.y = np.asarray(x, np.float32), np.asarray(y, np.float32)
        self.codes = np.asarray(codes, np.intp)
        self.update()

    def set_colors(self, colors: list[QColor]) -> None:
        self.table = np.array([QColor(c).rgb() | 0xFF000000 for c in colors], np.uint32)
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.viewRect()
        return QRectF() if view is None else view

    def paint(self, p: QPainter, *_args) -> None:
        device = p.device()
        if self.x.size == 0 or device is None:
            return
        w, h = device.width(), device.height()
        if w <= 2 or h <= 2:
            return
        t = p.transform()
        sx = t.m11() * self.x + t.m21() * self.y + np.float32(t.dx())
        sy = t.m12() * self.x + t.m22() * self.y + np.float32(t.dy())
        keep = (sx >= 1) & (sx < w - 1) & (sy >= 1) & (sy < h - 1)
        ix, iy = sx[keep].astype(np.intp), sy[keep].astype(np.intp)
        colors = self.table[np.minimum(self.codes[keep], self.table.size - 1)]
        if self._buffer.size != w * h:
            self._buffer = np.zeros(w * h, np.uint32)
        else:
            self._buffer.fill(0)
        flat = iy * w + ix
        for dx, dy in OFFSETS:
            self._buffer[flat + (dy * w + dx)] = colors
        image = QImage(self._buffer.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
        p.save()
        p.resetTransform()
        p.drawImage(0, 0, image)
        p.restore()
