"""Helpers for GL views: screen projection, 2-D overlays (labels, rings, a
hover card) and vectorized line geometry (arrows, a sphere's grid).

``GLTextItem`` opens one QPainter per item per frame and crashed with 1,000
labels (DESIGN.md, "Labels in the GL view"), so a GL view draws every label
with ONE QPainter after its GL items, at positions projected here with numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMatrix4x4, QPainter, QPen

#: Above this many vectors only the important ones are labelled.
LABEL_LIMIT = 50
#: Vertices per arrow in a 'lines' item (shaft + two barbs).
ARROW_VERTS = 6


def qmatrix_to_numpy(m: QMatrix4x4) -> np.ndarray:
    """A ``QMatrix4x4`` as a row-major float64 (4, 4) array (``data()`` is column-major)."""
    return np.array(m.data(), dtype=np.float64).reshape(4, 4).T


def project(points, mvp: np.ndarray, width: float, height: float):
    """Project 3-D points to widget pixels.

    Parameters
    ----------
    points : array_like, shape (n, 3)
    mvp : ndarray, shape (4, 4)
        Projection times view matrix (row-major).
    width, height : float
        Widget size in logical pixels.

    Returns
    -------
    xy : ndarray, shape (n, 2)
        Logical pixel positions (origin top-left, y down).
    depth : ndarray, shape (n,)
        Distance in front of the camera along the view axis (clip ``w``):
        smaller is nearer.
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    clip = p @ mvp[:3, :3].T + mvp[:3, 3]
    w = p @ mvp[3, :3] + mvp[3, 3]
    safe = np.where(np.abs(w) < 1e-12, 1e-12, w)
    xy = np.empty((len(p), 2))
    xy[:, 0] = (clip[:, 0] / safe + 1.0) * 0.5 * width
    xy[:, 1] = (1.0 - clip[:, 1] / safe) * 0.5 * height
    return xy, w


def choose_labels(
    roles: Sequence[str], hovered: int = -1, selected: int | None = None, limit: int = LABEL_LIMIT
) -> np.ndarray:
    """Indices of the vectors that get a name label.

    Up to ``limit`` vectors every one is labelled; above it, only the anchor,
    the positives, the hovered and the selected vector (so a crowd of
    negatives stays readable and the painter's work stays small).
    """
    n = len(roles)
    if n <= limit:
        return np.arange(n)
    r = np.asarray(roles)
    keep = r != "negative"
    for i in (hovered, selected):
        if i is not None and 0 <= i < n:
            keep[i] = True
    return np.flatnonzero(keep)


def spread_labels(xy: np.ndarray, widths: np.ndarray, line: float, tries: int = 4) -> np.ndarray:
    """Vertical offsets (pixels) that keep labels from overlapping earlier ones.

    Greedy, in the given order; each label moves down by up to ``tries``
    lines. Cheap for the at most :data:`LABEL_LIMIT`-odd labels drawn.
    """
    off = np.zeros(len(xy))
    for k in range(1, len(xy)):
        x, y = xy[k]
        across = (xy[:k, 0] < x + widths[k]) & (x < xy[:k, 0] + widths[:k])
        if not across.any():
            continue
        ys = xy[:k, 1][across] + off[:k][across]
        for _ in range(tries):
            if not (np.abs(ys - (y + off[k])) < line).any():
                break
            off[k] += line
    return off


def rgba(hex_colors, alpha: float = 1.0) -> np.ndarray:
    """``#rrggbb`` strings to an (n, 4) float32 RGBA array."""
    out = np.empty((len(hex_colors), 4), dtype=np.float32)
    for k, c in enumerate(hex_colors):
        v = int(c[1:7], 16)
        out[k] = ((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255, alpha
    return out


def facing_sides(direction: np.ndarray, at: np.ndarray, camera: np.ndarray) -> np.ndarray:
    """Unit vectors across each arrow as seen from ``camera``, so heads face the viewer.

    Zero where an arrow points straight at the camera (its head is invisible then).
    """
    side = np.cross(direction, camera - at)
    norm = np.linalg.norm(side, axis=1, keepdims=True)
    return np.divide(side, norm, out=np.zeros_like(side), where=norm > 1e-12)


def arrow_vertices(base, end, side, head, setback=0.0) -> np.ndarray:
    """Segment pairs for arrows, 6 vertices each: the shaft, then two barbs along ``side``.

    The apex sits ``setback`` before ``end`` (to clear a tip's dot) and the
    head is ``head`` long (scalars or (n, 1) arrays, in world units).
    """
    v = end - base
    length = np.linalg.norm(v, axis=1, keepdims=True)
    u = np.divide(v, length, out=np.zeros_like(v), where=length > 0)
    apex = end - setback * u
    back, across = apex - head * u, 0.45 * head * side
    out = np.empty((len(v), ARROW_VERTS, 3))
    out[:, 0], out[:, 1], out[:, 2::2] = base, apex, apex[:, None]
    out[:, 3], out[:, 5] = back + across, back - across
    return out.reshape(-1, 3)


def grid_lines(radius: float, segments: int = 96) -> tuple[np.ndarray, np.ndarray]:
    """Parallels every 30° and meridians every 30° as segment pairs.

    Drawn just under a translucent surface, the front lines are tinted once
    and the back lines twice. Returns the (m, 3) vertices
    and a per-vertex mask of the equator's (drawn stronger).
    """
    t = np.linspace(0.0, 2 * np.pi, segments + 1)
    circles, strong = [], []
    for lat in np.deg2rad([-60, -30, 0, 30, 60]):
        ring = np.stack(
            [np.cos(lat) * np.cos(t), np.cos(lat) * np.sin(t), np.full_like(t, np.sin(lat))], 1
        )
        circles.append(ring)
        strong.append(lat == 0)
    for lon in np.deg2rad(np.arange(0, 180, 30)):
        circles.append(np.stack([np.cos(t) * np.cos(lon), np.cos(t) * np.sin(lon), np.sin(t)], 1))
        strong.append(False)
    pos = np.concatenate([np.stack([c[:-1], c[1:]], 1).reshape(-1, 3) for c in circles])
    mask = np.repeat(strong, 2 * segments)
    return radius * pos, mask


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

    def card(self, p: QPainter, anchor: QPointF, lines: Sequence[str], accent: QColor, bounds):
        """A tooltip-like box beside ``anchor``, kept inside ``bounds`` (a QRectF)."""
        fm = QFontMetricsF(self.small)
        pad = 0.5 * fm.height()
        w = max(fm.horizontalAdvance(t) for t in lines) + 2 * pad
        h = fm.height() * len(lines) + 2 * pad
        x, y = anchor.x() + 2 * pad, anchor.y() + 2 * pad
        if x + w > bounds.right():
            x = anchor.x() - 2 * pad - w
        if y + h > bounds.bottom():
            y = anchor.y() - 2 * pad - h
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
