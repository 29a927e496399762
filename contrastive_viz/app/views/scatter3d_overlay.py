"""What the 3-D scatter draws over its points: GL options of the highlight items, and the
QPainter overlay (axis titles, the selection ring, the empty-view hint)."""

from __future__ import annotations

import numpy as np
from OpenGL import GL
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from ...core.colors import hex_to_rgb
from . import theme

__all__ = ["BLENDED", "HINT", "Scatter3DOverlay", "rgbf"]

HINT = "Open an embedding file, or the digits demo"
#: GL options of the highlight items: blended without depth test. Alpha is accumulated as
#: "over" (ONE, 1 - src alpha), so the framebuffer stays opaque where the background is:
#: an offscreen grab (an RGBA framebuffer) composited onto the window shows true colours.
BLENDED = {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True, GL.GL_CULL_FACE: False,
           "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA,
                                   GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)}  # fmt: skip


def rgbf(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """``"#rrggbb"`` and an alpha as GL's float RGBA."""
    r, g, b = hex_to_rgb(color)
    return r / 255, g / 255, b / 255, alpha


class Scatter3DOverlay:
    """Draws the 3-D scatter's 2-D overlay with one QPainter (positions come from the window).

    Attributes
    ----------
    font : QFont
    palette : theme.Palette
    """

    def __init__(self) -> None:
        self.font = QFont()
        self.palette = theme.palette()

    def set_palette(self, pal: theme.Palette) -> None:
        """Colours and font size follow ``pal``."""
        self.palette = pal
        self.font = QFont()
        self.font.setPointSizeF(10 * pal.font_scale)

    def hint(self, p: QPainter, width: float, height: float) -> None:
        """The empty-view hint, centred."""
        p.setFont(self.font)
        p.setPen(QColor(self.palette.muted))
        p.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, HINT)

    def axis_titles(self, p: QPainter, xy: np.ndarray, depth: np.ndarray, titles, size) -> None:
        """Each title next to its axis tip (in front of the camera), kept inside ``size``."""
        p.setFont(self.font)
        fm = QFontMetricsF(self.font, p.device())
        w, h = size
        for (x, y), d, text in zip(xy, depth, titles, strict=True):
            if d > 0 and text:
                tx = min(max(x + 4, 4.0), w - fm.horizontalAdvance(text) - 4)
                ty = min(max(y - 4, fm.ascent() + 4), h - fm.descent() - 4)
                self.text(p, QPointF(tx, ty), text, self.palette.muted)

    def axis_gizmo(self, p: QPainter, origin: QPointF, tips: np.ndarray, titles, size) -> None:
        """Three axes from ``origin`` to the screen ``tips`` (3, 2), with their titles."""
        p.setPen(QPen(QColor(self.palette.muted), 1.5))
        for x, y in tips:
            p.drawLine(origin, QPointF(float(x), float(y)))
        self.axis_titles(p, tips, np.ones(len(tips)), titles, size)

    def selection(self, p: QPainter, center: QPointF, radius: float, label: str) -> None:
        """The ring around the selected point and its label."""
        p.setFont(self.font)
        fm = QFontMetricsF(self.font, p.device())
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(self.palette.anchor), 2.5))
        p.drawEllipse(center, radius, radius)
        pos = center + QPointF(radius + 4, fm.ascent() / 2)
        self.text(p, pos, label, self.palette.foreground)

    def text(self, p: QPainter, pos: QPointF, text: str, color: str) -> None:
        """Text with a thin halo of the background colour, legible over points."""
        p.setPen(QColor(self.palette.background))
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            p.drawText(pos + QPointF(dx, dy), text)
        p.setPen(QColor(color))
        p.drawText(pos, text)
