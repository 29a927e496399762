"""Point pictures as QPixmaps: decoded once, scaled, cached (bounded), placeholder if missing."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from ...core.point_images import PointImages

__all__ = ["Thumbnails", "decode_png_rgba", "placeholder"]


def placeholder(size: int) -> QPixmap:
    """A grey crossed square: "this point's picture is missing or unreadable"."""
    pix = QPixmap(size, size)
    pix.fill(QColor("#3a3a3a"))
    p = QPainter(pix)
    p.setPen(QPen(QColor("#8a8a8a"), 1))
    r = QRectF(0.5, 0.5, size - 1, size - 1)
    p.drawRect(r)
    p.drawLine(r.topLeft(), r.bottomRight())
    p.drawLine(r.topRight(), r.bottomLeft())
    p.end()
    return pix


def decode_png_rgba(data: bytes) -> np.ndarray | None:
    """uint8 (h, w, 4) RGBA pixels of a PNG (Qt's decoder; any thread), or None."""
    image = QImage.fromData(data, "PNG")
    if image.isNull():
        return None
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 4 * w].reshape(h, w, 4).copy()


class Thumbnails:
    """Scaled pixmaps of the points' pictures (presentation only, no domain state).

    Parameters
    ----------
    size : int
        Thumbnails fit a ``size`` × ``size`` square (aspect kept; pixel art stays sharp).
    capacity : int
        How many pixmaps are kept (least recently used dropped first).
    """

    def __init__(self, size: int = 64, capacity: int = 400) -> None:
        self.size, self._capacity = int(size), int(capacity)
        self._cache: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._placeholder = placeholder(self.size)

    def pixmap(self, images: PointImages | None, index: int) -> QPixmap:
        """The thumbnail of point ``index``; the placeholder when it has no readable image."""
        if images is None or not images.available:
            return self._placeholder
        key = (id(images), int(index))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        found = images.encoded(index)
        pix = QPixmap()
        if found is None or not pix.loadFromData(found[0]):
            pix = self._placeholder
        else:
            small = max(pix.width(), pix.height()) < self.size
            mode = (Qt.TransformationMode.FastTransformation if small
                    else Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            pix = pix.scaled(self.size, self.size, Qt.AspectRatioMode.KeepAspectRatio, mode)
        self._cache[key] = pix
        if len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        return pix

    def cached(self, images: PointImages | None, index: int) -> QPixmap | None:
        """The thumbnail of point ``index`` if already made (never decodes), else None."""
        if images is None or not images.available:
            return self._placeholder
        return self._cache.get((id(images), int(index)))

    def clear(self) -> None:
        """Forget every pixmap (a new dataset)."""
        self._cache.clear()
