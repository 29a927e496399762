"""The 2-D overlay of a GL view: labels, rings and a hover card, with one QPainter a frame.

Positions come from :mod:`contrastive_viz.core.screen`; only the drawing is here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMatrix4x4, QPainter, QPen

from ...core.screen import place_card, spread_labels


def qmatrix_to_numpy(m: QMatrix4x4) -> np.ndarray:
    """A ``QMatrix4x4`` as a row-major float64 (4, 4) array (``data()`` is column-major)."""
    return np.array(m.data(), dtype=np.float64).reshape(4, 4).T


class OverlayPainter:
    """Draws text and rings over a GL view with one QPainter per frame."""

    def __init__(self) -> None:
        self.font = QFont()
        self.small = QFont()
        self.foreground = QColor("#ffffff")
        self.muted = QColor("#9aa3b2")
        self.halo = QColor("#000000")
        self.surface = QColor("#1f232b")
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Point sizes follow the palette's ``font_scale``."""
        self.font.setPointSizeF(10.5 * scale)
        self.font.setBold(True)
        self.small.setPointSizeF(9.5 * scale)

    def labels(self, p: QPainter, xy: np.ndarray, texts, dim: np.ndarray, gap: float) -> None:
        """Names just right of and above their tips; ``dim`` ones (behind the sphere) muted.

        A label that would overlap an earlier one moves down by whole lines.
        """
        p.setFont(self.font)
        fm = QFontMetricsF(self.font)
        widths = np.array([fm.horizontalAdvance(t) for t in texts])
        dy = spread_labels(xy, widths, fm.height())
        halo = QColor(self.halo)
        halo.setAlphaF(0.85)
        for (x, y), off, text, faint in zip(xy, dy, texts, dim, strict=True):
            pos = QPointF(x + gap, y - gap + off)
            p.setPen(halo)
            p.drawText(pos + QPointF(1.0, 1.0), text)
            p.setPen(self.muted if faint else self.foreground)
            p.drawText(pos, text)

    def axis_labels(self, p: QPainter, xy: np.ndarray, texts: Sequence[str]) -> None:
        p.setFont(self.small)
        p.setPen(self.muted)
        fm = QFontMetricsF(self.small)
        for (x, y), text in zip(xy, texts, strict=True):
            p.drawText(QPointF(x - fm.horizontalAdvance(text) / 2, y + fm.ascent() / 2), text)

    @staticmethod
    def ring(p: QPainter, center: QPointF, radius: float, color: QColor, width: float) -> None:
        p.setBrush(Qt.NoBrush)
        p.setPen(QPen(color, width))
        p.drawEllipse(center, radius, radius)

    def card(
        self,
        p: QPainter,
        anchor: QPointF,
        lines: Sequence[str],
        accent: QColor,
        bounds: QRectF,
        avoid: np.ndarray | None = None,
        clear: float = 0.0,
    ) -> QRectF:
        """A tooltip-like box beside ``anchor`` inside ``bounds``, covering none of the
        ``avoid`` points (m, 2) grown by ``clear`` pixels when it can
        (:func:`contrastive_viz.core.screen.place_card`); returns the box."""
        fm = QFontMetricsF(self.small)
        pad = 0.5 * fm.height()
        w = max(fm.horizontalAdvance(t) for t in lines) + 2 * pad
        h = fm.height() * len(lines) + 2 * pad
        points = np.array([[anchor.x(), anchor.y()]]) if avoid is None else avoid
        x, y = place_card(
            (anchor.x(), anchor.y()), (w, h), (bounds.width(), bounds.height()), points,
            max(2 * pad, clear), clear,
        )  # fmt: skip
        box = QRectF(x, y, w, h)
        fill = QColor(self.surface)
        fill.setAlphaF(0.92)
        p.setBrush(fill)
        p.setPen(QPen(accent, 1.5))
        p.drawRoundedRect(box, pad, pad)
        p.setFont(self.small)
        p.setPen(self.foreground)
        for k, text in enumerate(lines):
            p.drawText(QPointF(x + pad, y + pad + fm.ascent() + k * fm.height()), text)
        return box

    @staticmethod
    def ghosts(p: QPainter, xy: np.ndarray, radius: float, color: QColor) -> None:
        """Dashed rings around tips behind the sphere: a depth cue read at a glance."""
        pen = QPen(color, 1.5, Qt.PenStyle.DashLine)
        p.setBrush(Qt.NoBrush)
        p.setPen(pen)
        for x, y in xy:
            p.drawEllipse(QPointF(x, y), radius, radius)
