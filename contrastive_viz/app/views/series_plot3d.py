"""One 3-D view of a series (A or B) in a native GL window, with a shared camera.

The same passive interface as :class:`~.series_plot2d.SeriesPlot2D` (``set_points``,
``set_colors``, ``set_marks``, ``set_hover``, ``fit``, ``point_clicked``,
``point_hovered``), drawn with pyqtgraph GL items created once and updated with
``setData`` (positions only, on every animation frame). Two views share the camera
through :meth:`SeriesPlot3D.link_camera`: a drag or wheel in one copies azimuth,
elevation, distance and centre to the other. It is a :class:`~.gl_window.GLViewWindow`
in a container (no ``QOpenGLWidget``, see that module).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QVector3D
from PySide6.QtWidgets import QWidget

from ...core.colors import hex_to_rgb
from ...core.picking import front_most
from ...core.screen import project
from . import theme
from .gl_window import GLViewHost, GLViewWindow
from .scatter3d_overlay import BLENDED, rgbf

__all__ = ["SeriesPlot3D", "SeriesWindow3D"]


class SeriesWindow3D(GLViewWindow):
    """The GL window of :class:`SeriesPlot3D` (signals and setters as there)."""

    point_clicked = Signal(object)
    point_hovered = Signal(object)
    camera_moved = Signal()
    pick_radius = 8.0

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.title = ""
        self._pal = theme.palette()
        self._xy = np.zeros((0, 3), np.float32)
        self._size = 4.0
        self._press: QPointF | None = None
        self._hover: QPointF | None = None
        self.points_item = gl.GLScatterPlotItem(pxMode=True)
        self.trail_item = gl.GLLinePlotItem(mode="line_strip", width=2.0, antialias=True)
        self.marks_item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        self.hover_item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        for depth, item in enumerate(
            (self.points_item, self.trail_item, self.marks_item, self.hover_item)
        ):
            item.setDepthValue(depth)
            self.addItem(item)
        self.trail_item.setGLOptions(BLENDED)
        self.trail_item.hide()
        self._hover_timer = QTimer(self, singleShot=True, interval=40, timeout=self._update_hover)
        self.apply_theme(self._pal)

    # ------------------------------------------------------------ setters
    def set_points(self, xyz: np.ndarray, moving: bool = False) -> None:
        """Move every point to ``xyz`` (n, 3); ``moving`` is for the 2-D view's splats."""
        self._xy = np.ascontiguousarray(xyz, np.float32)
        self.points_item.setData(pos=self._xy)
        self.update()

    def set_colors(self, palette: list[str], codes: np.ndarray, opacity: float = 0.85) -> None:
        table = np.array([(*hex_to_rgb(c), 255) for c in palette], np.float32) / 255
        table[:, 3] = opacity
        self.points_item.setData(color=table[np.asarray(codes, np.intp)], size=self._size)
        self.points_item.setGLOptions("translucent" if opacity < 1 else "opaque")
        self.update()

    def fit(self, coords: np.ndarray) -> None:
        flat = np.asarray(coords).reshape(-1, coords.shape[-1])[:, :3]
        if flat.shape[0] == 0:
            return
        lo, hi = np.percentile(flat[:: max(1, flat.shape[0] // 200_000)], [1, 99], axis=0)
        self.opts["center"] = QVector3D(*((lo + hi) / 2).astype(float))
        radius = float(np.linalg.norm(hi - lo)) / 2 or 1.0
        self.setCameraPosition(distance=2.6 * radius, elevation=20, azimuth=-60)

    def set_marks(self, selected: int | None, neighbors=None, trail=None, current: int = 0):
        if selected is None or selected >= self._xy.shape[0]:
            self.marks_item.hide()
            self.trail_item.hide()
            self.update()
            return
        nb = np.zeros(0, np.int64) if neighbors is None else np.asarray(neighbors, np.int64)
        pts = np.vstack([self._xy[nb], self._xy[[selected]]])
        colors = np.array([rgbf(self._pal.foreground)] * nb.size + [rgbf(self._pal.anchor)])
        sizes = np.array([self._size + 5] * nb.size + [self._size + 12], np.float32)
        self.marks_item.setData(pos=pts, color=colors, size=sizes)
        self.marks_item.show()
        if trail is not None:
            self.trail_item.setData(pos=np.asarray(trail)[:, :3], color=rgbf(self._pal.anchor))
        self.trail_item.setVisible(trail is not None)
        self.update()

    def set_hover(self, row: int | None) -> None:
        if row is None or row >= self._xy.shape[0]:
            self.hover_item.hide()
        else:
            color = rgbf(self._pal.accent)
            self.hover_item.setData(pos=self._xy[[row]], color=color, size=self._size + 9)
            self.hover_item.show()
        self.update()

    def camera(self) -> tuple:
        o = self.opts
        return o["azimuth"], o["elevation"], o["distance"], tuple(o["center"].toTuple())

    def set_camera(self, camera: tuple) -> None:
        if camera == self.camera():
            return
        azimuth, elevation, distance, center = camera
        self.opts["center"] = QVector3D(*center)
        self.setCameraPosition(distance=distance, elevation=elevation, azimuth=azimuth)

    # ------------------------------------------------------------ picking
    def _mvp(self) -> np.ndarray:
        vp = self.getViewport()
        m = self.projectionMatrix(vp, vp) * self.viewMatrix()
        return np.array(m.data(), dtype=np.float64).reshape(4, 4).T

    def screen_pos(self, row: int) -> QPointF:
        xy, _ = project(self._xy[[row]], self._mvp(), self.width(), self.height())
        return QPointF(float(xy[0, 0]), float(xy[0, 1]))

    def pick(self, x: float, y: float) -> int | None:
        n = self._xy.shape[0]
        if n == 0:
            return None
        cols = np.ascontiguousarray(self._xy.T)
        r = self.pick_radius + self._size / 2
        visible = np.ones(n, bool)
        return front_most(
            cols, self._xy, visible, self._mvp(), self.width(), self.height(), x, y, r
        )

    # -------------------------------------------------------------- mouse
    def mousePressEvent(self, ev) -> None:
        self._press = ev.position()
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:
        if ev.buttons() != Qt.MouseButton.NoButton:
            super().mouseMoveEvent(ev)
            self.camera_moved.emit()
            return
        self._hover = ev.position()
        if not self._hover_timer.isActive():
            self._hover_timer.start()

    def mouseReleaseEvent(self, ev) -> None:
        press, self._press = self._press, None
        if press is not None and ev.button() == Qt.MouseButton.LeftButton:
            moved = ev.position() - press
            if abs(moved.x()) + abs(moved.y()) < 4:
                self.point_clicked.emit(self.pick(ev.position().x(), ev.position().y()))
        super().mouseReleaseEvent(ev)

    def wheelEvent(self, ev) -> None:
        super().wheelEvent(ev)
        self.camera_moved.emit()

    def _update_hover(self) -> None:
        if self._hover is not None:
            self.point_hovered.emit(self.pick(self._hover.x(), self._hover.y()))

    # ------------------------------------------------------------ overlay
    def paint_overlay(self, p: QPainter) -> None:
        if self.title:
            p.setPen(QColor(self._pal.foreground))
            p.drawText(QPointF(8, 18 * self._pal.font_scale), self.title)

    def apply_theme(self, pal: theme.Palette) -> None:
        self._pal = pal
        self.setBackgroundColor(pal.background)
        self.update()


class SeriesPlot3D(GLViewHost):
    """The widget holding a :class:`SeriesWindow3D` (its interface forwarded)."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(SeriesWindow3D(name), parent)
        w = self.gl
        self.point_clicked, self.point_hovered = w.point_clicked, w.point_hovered
        for method in ("set_points", "set_colors", "fit", "set_marks", "set_hover", "pick"):
            setattr(self, method, getattr(w, method))

    def set_title(self, text: str) -> None:
        self.gl.title = text
        self.gl.update()

    def link_camera(self, other: SeriesPlot3D) -> None:
        """Share the camera with ``other`` (both ways)."""
        self.gl.camera_moved.connect(lambda: other.gl.set_camera(self.gl.camera()))
        other.gl.camera_moved.connect(lambda: self.gl.set_camera(other.gl.camera()))

    def apply_theme(self, pal: theme.Palette) -> None:
        self.gl.apply_theme(pal)
