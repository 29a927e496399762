"""The trainer's embeddings as a point cloud on a sphere of their own, coloured by label.

The same GL look as the playground's sphere (translucent surface, grid, software-GL
friendly items created once and updated with ``setData``), but the points are not
vectors of the playground's scene: no undo, no autosave. 3-D embeddings are drawn as
they are; 2-D ones on the equator; higher ones through their top three principal axes,
renormalized (a picture only).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QVector3D

from ...core.colors import categorical_color, rgba
from ...core.screen import grid_lines, nearest_within, project
from . import theme
from .gl_window import GLViewHost, GLViewWindow, forward
from .overlay_painter import qmatrix_to_numpy
from .sphere_items import _SPHERE_GL, SURFACE_RADIUS
from .sphere_window import FOV

POINT_SIZE = 6.0
PICK_RADIUS = 8.0  # logical pixels
CLICK_SLOP = 4.0  # a press and release this close is a click, not an orbit


def sphere_points(emb: np.ndarray) -> np.ndarray:
    """Unit 3-D positions for (n, d) embeddings (d = 2 padded, d > 3 via PCA)."""
    e = np.asarray(emb, dtype=np.float64)
    if e.shape[1] == 3:
        p = e
    elif e.shape[1] == 2:
        p = np.hstack([e, np.zeros((e.shape[0], 1))])
    else:
        c = e - e.mean(axis=0)
        _, _, vt = np.linalg.svd(c, full_matrices=False)
        p = c @ vt[:3].T
    norms = np.linalg.norm(p, axis=1, keepdims=True)
    return (p / np.where(norms > 0, norms, 1.0)).astype(np.float32)


class TrainSphereWindow(GLViewWindow):
    """GL window: sphere surface, grid and the embeddings as one scatter item.

    Signals
    -------
    point_clicked(int)
        The row of the point clicked (the nearest to the camera within reach).
    """

    point_clicked = Signal(int)

    def __init__(self):
        super().__init__()
        self._pos = np.zeros((0, 3), dtype=np.float32)
        self._press: QPointF | None = None
        self.picked = -1
        self._palette = theme.palette()
        self._labels: np.ndarray | None = None
        self._colors: np.ndarray | None = None
        self.caption = ""
        self.grid_item = gl.GLLinePlotItem(mode="lines", glOptions="translucent", antialias=True)
        self.points_item = gl.GLScatterPlotItem(pxMode=True, glOptions="translucent")
        self.pick_item = gl.GLScatterPlotItem(pxMode=True, glOptions="translucent")
        mesh = gl.MeshData.sphere(rows=24, cols=48, radius=SURFACE_RADIUS)
        self.sphere_item = gl.GLMeshItem(
            meshdata=mesh, smooth=True, shader="edgeHilight", glOptions=_SPHERE_GL
        )
        items = (self.grid_item, self.points_item, self.pick_item, self.sphere_item)
        for depth, item in enumerate(items):
            item.setDepthValue(depth)
            self.addItem(item)
        self.set_help(self.tr("Drag to orbit · wheel to zoom · click a point to pick it"))
        self.setCameraPosition(pos=QVector3D(0, 0, 0), distance=4.0, elevation=20.0, azimuth=45)
        self.apply_theme(self._palette)

    def apply_theme(self, palette: theme.Palette) -> None:
        self._palette = palette
        self.setBackgroundColor(palette.background)
        light = QColor(palette.background).lightnessF() > 0.5
        self.sphere_item.setShader("shaded" if light else "edgeHilight")
        self.sphere_item.setColor(tuple(rgba([palette.sphere], 0.22 if light else 0.16)[0]))
        pos, strong = grid_lines(SURFACE_RADIUS - 0.005)
        colors = np.where(strong[:, None], rgba([palette.muted], 0.6), rgba([palette.muted], 0.3))
        self.grid_item.setData(pos=pos, color=colors.astype(np.float32), width=1.0)
        self.update()

    def set_labels(self, labels: np.ndarray | None) -> None:
        """Label codes of the points (None: one colour)."""
        self._labels = None if labels is None else np.asarray(labels)
        self._colors = None

    def _point_colors(self, n: int) -> np.ndarray:
        if self._colors is None or len(self._colors) != n:
            if self._labels is None or len(self._labels) != n:
                self._colors = np.tile(rgba([self._palette.foreground], 0.8), (n, 1))
            else:
                table = rgba([categorical_color(i) for i in range(int(self._labels.max()) + 1)])
                self._colors = table[self._labels].astype(np.float32)
        return self._colors

    def set_points(self, emb: np.ndarray | None) -> None:
        """Show the (n, d) embeddings (None clears)."""
        if emb is None or len(emb) == 0:
            self._pos = np.zeros((0, 3), dtype=np.float32)
            self.points_item.setData(pos=self._pos)
        else:
            self._pos = sphere_points(emb)
            size = POINT_SIZE * math.sqrt(self._palette.font_scale)
            self.points_item.setData(
                pos=self._pos, color=self._point_colors(len(self._pos)), size=size
            )
        self.set_picked(self.picked)

    def set_picked(self, row: int) -> None:
        """Ring the point ``row`` (-1: none)."""
        self.picked = row if 0 <= row < len(self._pos) else -1
        if self.picked < 0:
            self.pick_item.setData(pos=np.zeros((0, 3), dtype=np.float32))
        else:
            fg = tuple(rgba([self._palette.foreground])[0])
            size = 2.4 * POINT_SIZE * math.sqrt(self._palette.font_scale)
            self.pick_item.setData(pos=self._pos[[self.picked]], color=fg, size=size)
        self.update()

    def pick_at(self, pos: QPointF) -> int:
        """The point within reach of ``pos`` (logical pixels) nearest the camera, or -1."""
        if len(self._pos) == 0:
            return -1
        dpr = self.devicePixelRatioF()
        region = (0, 0, self.width() * dpr, self.height() * dpr)
        mvp = qmatrix_to_numpy(self.projectionMatrix(region, region) * self.viewMatrix())
        xy, depth = project(self._pos, mvp, self.width(), self.height())
        return nearest_within(xy, depth, pos.x(), pos.y(), PICK_RADIUS)

    def mousePressEvent(self, ev) -> None:
        self._press = ev.position() if ev.button() == Qt.LeftButton else None
        super().mousePressEvent(ev)

    def mouseReleaseEvent(self, ev) -> None:
        press, self._press = self._press, None
        if press is not None and ev.button() == Qt.LeftButton:
            d = ev.position() - press
            if abs(d.x()) + abs(d.y()) <= CLICK_SLOP:
                row = self.pick_at(ev.position())
                if row >= 0:
                    self.set_picked(row)
                    self.point_clicked.emit(row)
        super().mouseReleaseEvent(ev)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        # the sphere fills the shorter side, as in the playground
        aspect = max(1.0, self.width() / max(self.height(), 1))
        self.opts["fov"] = math.degrees(2 * math.atan(math.tan(math.radians(FOV) / 2) * aspect))
        self.update()

    def paint_overlay(self, painter: QPainter) -> None:
        if self.caption:
            painter.setPen(QColor(self._palette.muted))
            painter.drawText(QPointF(10, 20), self.caption)


class TrainSphere(GLViewHost):
    """The widget holding :class:`TrainSphereWindow` (see :mod:`.gl_window`)."""

    point_clicked = forward("point_clicked", "Signal(int): a point was clicked (its row).")

    def __init__(self, parent=None):
        super().__init__(TrainSphereWindow(), parent)

    def set_picked(self, row: int) -> None:
        self.gl.set_picked(row)

    def set_points(self, emb) -> None:
        self.gl.set_points(emb)

    def set_labels(self, labels) -> None:
        self.gl.set_labels(labels)

    def set_caption(self, text: str) -> None:
        self.gl.caption = text
        self.gl.update()
