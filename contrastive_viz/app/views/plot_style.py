"""Stable axes and cheap markers for plots that update on every drag move.

A changed y range regenerates a plot's axis, so limits come from
:func:`contrastive_viz.core.axis_limits.nice_top`, which keeps them while they fit.
pyqtgraph's ScatterPlotItem and TextItem redo Python work on every move and every
paint: a :class:`PixmapMarker` is drawn once and moved by Qt.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem


def cache_axes(plot) -> None:
    """Keep the left and bottom axes of a ``pg.PlotWidget`` as pixmaps.

    A drag move repaints the data under them; cached, the axes are copied
    rather than redrawn (pyqtgraph redraws them whenever their ticks change).
    """
    for name in ("left", "bottom"):
        plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class PixmapMarker(QGraphicsPixmapItem):
    """A plot marker of a fixed size in pixels, drawn once and moved with ``setPos``.

    Place it with ``setPos(x, y)`` in view coordinates (on a log axis, x is the
    log10 of the value); :meth:`set_anchor` says which point of the marker
    sits there. Qt alone draws and moves it: no Python runs per move or paint.
    """

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(10)
        self._anchor = (0.5, 0.5)

    def set_anchor(self, x: float, y: float) -> None:
        """The point of the marker at its position: (0, 0) top left, (1, 1) bottom right."""
        self._anchor = (x, y)
        size = self.pixmap().deviceIndependentSize()
        self.setOffset(-x * size.width(), -y * size.height())

    def set_disc(self, fill: str, outline: str, size: float, ratio: float) -> None:
        """A disc ``size`` px across filled with ``fill``, ringed 2 px in ``outline``."""
        side = math.ceil(size + 4)
        pixmap = self._blank(side, side, ratio)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(outline), 2))
        p.setBrush(QColor(fill))
        p.drawEllipse(QRectF((side - size) / 2, (side - size) / 2, size, size))
        p.end()
        self._show(pixmap)

    def set_text(self, text: str, font: QFont, color: str, ratio: float) -> None:
        """``text`` as pyqtgraph's TextItem draws it (a text document, with its margins)."""
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setPlainText(text)
        size = doc.size()
        pixmap = self._blank(size.width(), size.height(), ratio)
        p = QPainter(pixmap)
        p.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(color))
        doc.documentLayout().draw(p, context)
        p.end()
        self._show(pixmap)

    @staticmethod
    def _blank(width: float, height: float, ratio: float) -> QPixmap:
        pixmap = QPixmap(math.ceil(width * ratio), math.ceil(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        return pixmap

    def _show(self, pixmap: QPixmap) -> None:
        self.setPixmap(pixmap)
        self.set_anchor(*self._anchor)


def style_axes(plot, palette, font) -> None:
    """Colour the left and bottom axes of a pyqtgraph plot and set their tick font."""
    import pyqtgraph as pg

    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(palette.grid))
        axis.setTextPen(pg.mkPen(palette.muted))
        axis.setTickFont(font)
        axis.label.setFont(font)


#: Nice tick steps within a decade.
_STEPS = (1.0, 2.0, 5.0)


def tick_step(span: float, pixels: float, label_height: float) -> float:
    """The smallest nice step (1, 2 or 5 × 10^k) that puts tick labels on a
    ``pixels``-tall axis spanning ``span`` at least 1.6 label heights apart."""
    if span <= 0 or pixels <= 0:
        return span if span > 0 else 1.0
    want = 1.6 * label_height * span / pixels
    k = math.floor(math.log10(want))
    for e in (k, k + 1):
        for m in _STEPS:
            if m * 10.0**e >= want:
                return m * 10.0**e
    return 10.0 ** (k + 2)  # pragma: no cover - the loop always returns


def space_ticks(plot, font) -> None:
    """Keep the left axis's tick labels of a ``pg.PlotWidget`` apart at every height.

    The step follows the plot's height and y range (:func:`tick_step`): a short
    chart shows 0 and 1, a tall one every 0.2. Call again when the font changes.
    """
    from PySide6.QtGui import QFontMetricsF

    vb = plot.plotItem.vb
    plot._tick_label_height = QFontMetricsF(font).height()

    def refit(*_args) -> None:
        lo, hi = vb.viewRange()[1]
        step = tick_step(hi - lo, vb.height(), plot._tick_label_height)
        plot.getAxis("left").setTickSpacing(step, step)

    if not getattr(plot, "_ticks_spaced", False):
        plot._ticks_spaced = True
        vb.sigResized.connect(refit)
        vb.sigYRangeChanged.connect(refit)
    refit()
