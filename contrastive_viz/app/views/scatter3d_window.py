"""The explorer's 3-D scatter in a native GL window (held by :class:`.Scatter3DView`).

One ``GLScatterPlotItem`` holds every point. Above :attr:`Scatter3DWindow.decimate_above`
points, a second item holding a fixed random subset of
:attr:`Scatter3DWindow.decimated_size` points is shown instead while the camera moves
(drag, wheel) and the full set returns once the camera has rested for
:attr:`Scatter3DWindow.idle_ms`: both items are uploaded once, so switching costs nothing.
Under software GL (llvmpipe, 2 cores) a frame costs about 0.6 µs a point (1M: 0.5–0.7 s).

Picking projects every visible point with ``projectionMatrix * viewMatrix`` (numpy)
and takes the front-most one within :attr:`Scatter3DWindow.pick_radius` pixels of the
click. The axis gizmo (a corner triad turning with the camera; framing, depth fog and
orbit speed: :mod:`.scatter3d_camera`), the selection ring and the empty-view hint are
drawn with ONE QPainter after the GL items (:meth:`paint_overlay`; never ``GLTextItem``, see
``docs/architecture.md``). The window is a :class:`~.gl_window.GLViewWindow`, so the
explorer's Qt panels repaint without being composited through OpenGL.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QPainter

from ...core.display_text import elide
from ...core.picking import front_most
from ...core.screen import project
from ..models.explorer import ExplorerModel
from . import theme
from .gl_window import GLViewWindow
from .scatter3d_camera import ORBIT_DEG_PER_PX, CloudCamera
from .scatter3d_overlay import BLENDED, Scatter3DOverlay, rgbf
from .scatter_view import HIDDEN_ALPHA

__all__ = ["HELP", "Scatter3DWindow"]

HELP = "Drag to orbit · wheel to zoom · click a point to select it and show its neighbours"


class Scatter3DWindow(GLViewWindow):
    """3-D scatter of ``data.coords`` with decimation while the camera moves.

    Coordinates are logical pixels of this window. Attributes as in :class:`.Scatter3DView`.

    Signals
    -------
    point_clicked(object)
        A click (not a drag): the front-most visible point under the mouse, or None.
    """

    point_clicked = Signal(object)

    decimate_above = 150_000
    decimated_size = 100_000
    idle_ms = 150
    pick_radius = 8.0

    def __init__(self, model: ExplorerModel):
        super().__init__()
        self._data, self._style = model.data, model.style
        self._settings, self._selection = model.settings, model.selection
        self._pal = theme.palette()
        self._overlay = Scatter3DOverlay()
        self._subset = np.zeros(0, np.int64)
        self._vis_idx = np.zeros(0, np.int64)
        self._color = np.zeros((0, 4), np.float32)
        self._cols: np.ndarray | None = None
        self._visible = np.zeros(0, bool)
        self._press: QPointF | None = None
        self._hover: QPointF | None = None
        self._point_tip = False  # a point's tooltip (not the help) is showing
        self.moving = False
        self.highlighted: tuple[int | None, np.ndarray] = (None, np.zeros(0, np.int64))
        self.set_help(HELP)
        self.points_item = gl.GLScatterPlotItem(pxMode=True)
        self.subset_item = gl.GLScatterPlotItem(pxMode=True)
        self.links_item = gl.GLLinePlotItem(mode="lines", width=1.0, antialias=True)
        self.outline_item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        self.neighbor_item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        self.selected_item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        self.links_item.setGLOptions(BLENDED)
        items = (self.points_item, self.subset_item, self.links_item,
                 self.outline_item, self.neighbor_item, self.selected_item)  # fmt: skip
        for depth, item in enumerate(items):
            item.setDepthValue(depth)
            item.hide()
            self.addItem(item)
        self.camera = CloudCamera(self)
        self._idle = QTimer(self, singleShot=True, interval=self.idle_ms, timeout=self._on_idle)
        self._hover_timer = QTimer(self, singleShot=True, interval=40, timeout=self._update_hover)
        self._data.projection_changed.connect(self._on_data_projection_changed)
        style, settings = self._style, self._settings
        for signal in (style.colors_changed, style.mask_changed,
                       settings.opacity_changed, settings.point_size_changed):  # fmt: skip
            signal.connect(self._on_style_changed)
        self._selection.selected_changed.connect(self._on_selection_changed)
        self._selection.neighbors_changed.connect(self._on_selection_changed)
        self.apply_theme(self._pal)
        if self._data.coords is not None:
            self._on_data_projection_changed()

    # -------------------------------------------------------------- model
    def _on_data_projection_changed(self, *_args) -> None:
        coords = self._data.coords
        if coords is None:
            return
        n = coords.shape[0]
        self._subset = np.zeros(0, np.int64)
        if n > self.decimate_above:
            rng = np.random.default_rng(0)
            self._subset = np.sort(rng.choice(n, self.decimated_size, replace=False))
        self._cols = np.ascontiguousarray(coords.T)
        self.points_item.setData(pos=coords)
        self.subset_item.setData(pos=coords[self._subset])
        self.camera.fit(coords)
        self._on_style_changed()
        self._show_full()

    def _on_style_changed(self, *_args) -> None:
        st = self._settings
        if self._data.coords is None:
            return
        mask = self._style.visible_mask()
        color = self._style.colors.rgba.astype(np.float32) / 255
        color[:, 3] = np.where(mask, st.opacity, st.opacity * HIDDEN_ALPHA)
        self._color = color
        self._vis_idx = np.flatnonzero(mask)
        self._visible = mask
        opaque = st.opacity >= 0.999 and mask.all()
        self.camera.set_colors(color, self._subset)  # faded by depth on the next frame
        for item in (self.points_item, self.subset_item):
            item.setGLOptions("opaque" if opaque else BLENDED)
            item.setData(size=st.point_size * self.devicePixelRatioF())
        self._on_selection_changed()

    def _on_selection_changed(self, *_args) -> None:
        sel, nbrs = self._selection.selected, self._selection.neighbors
        marks = (self.links_item, self.outline_item, self.neighbor_item, self.selected_item)
        if self._data.coords is None or sel is None:
            self.highlighted = (None, np.zeros(0, np.int64))
            for item in marks:
                item.hide()
            self.update()
            return
        coords, size = self._data.coords, self._settings.point_size * self.devicePixelRatioF()
        idx = np.zeros(0, np.int64) if nbrs is None else np.asarray(nbrs[0], np.int64)
        self.highlighted = (sel, idx)
        self.selected_item.setData(pos=coords[[sel]], size=size + 10, color=rgbf(self._pal.anchor))
        self.selected_item.show()
        visible = idx.size > 0
        if visible:
            color = self._color[idx].copy()
            color[:, 3] = 1.0
            self.neighbor_item.setData(pos=coords[idx], size=size + 3, color=color)
            fg = rgbf(self._pal.foreground)
            self.outline_item.setData(pos=coords[idx], size=size + 8, color=fg)
            lines = np.repeat(coords[[sel]], 2 * idx.size, axis=0)
            lines[1::2] = coords[idx]
            self.links_item.setData(pos=lines, color=rgbf(self._pal.foreground, 0.55))
        for item in marks[:3]:
            item.setVisible(visible)
        self.update()

    def update(self, *args) -> None:
        """Schedule a frame, the depth fog first brought up to the camera."""
        if hasattr(self, "camera"):
            self.camera.refresh()
        super().update(*args)

    def orbit(self, azim: float, elev: float) -> None:
        """Turn the camera (degrees, scaled down from pyqtgraph's one per pixel)."""
        super().orbit(azim * ORBIT_DEG_PER_PX, elev * ORBIT_DEG_PER_PX)

    # --------------------------------------------------------- decimation
    def _show_full(self) -> None:
        self.moving = False
        self.points_item.setVisible(self._data.coords is not None)
        self.subset_item.hide()
        self.update()

    def _camera_moving(self) -> None:
        if self._subset.size and not self.moving:
            self.moving = True
            self.subset_item.show()
            self.points_item.hide()
        if self._subset.size:
            self._idle.start(self.idle_ms)

    def _on_idle(self) -> None:
        if QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._idle.start(self.idle_ms)
            return
        self._show_full()

    # ------------------------------------------------------------ picking
    def _mvp(self) -> np.ndarray:
        vp = self.getViewport()
        m = self.projectionMatrix(vp, vp) * self.viewMatrix()
        return np.array(m.data(), dtype=np.float64).reshape(4, 4).T

    def to_screen(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Window pixel positions (n, 2) and clip w (depth; > 0 in front) of 3-D points."""
        return project(points, self._mvp(), self.width(), self.height())

    def pick(self, x: float, y: float) -> int | None:
        """Front-most visible point within the pick radius of window pixel (x, y)."""
        if self._cols is None or self._vis_idx.size == 0:
            return None
        r = self.pick_radius + self._settings.point_size / 2
        w, h = self.width(), self.height()
        return front_most(self._cols, self._data.coords, self._visible, self._mvp(), w, h, x, y, r)

    # -------------------------------------------------------------- mouse
    def mousePressEvent(self, ev) -> None:
        self._press = ev.position()
        self._hide_tips()
        super().mousePressEvent(ev)

    def mouseMoveEvent(self, ev) -> None:
        if ev.buttons() != Qt.MouseButton.NoButton:
            self._camera_moving()
            super().mouseMoveEvent(ev)
            return
        self.mousePos = ev.position()
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
        self._camera_moving()
        super().wheelEvent(ev)

    def event(self, ev: QEvent) -> bool:
        # a QWindow has no leaveEvent; onto the point's tip is not away (_on_tip_covered)
        if ev.type() == QEvent.Type.Leave and not self.point_tip().left_for_tip():
            self._hover = None
            self._hover_timer.stop()
            self._hide_tips()
        return super().event(ev)

    def _on_tip_covered(self) -> None:
        self._hover = QPointF(self.mapFromGlobal(QCursor.pos()))
        self._hover_timer.start()

    def _hide_tips(self) -> None:
        self.show_tip_later(None)  # also hides any tooltip
        self._point_tip = False
        self.unsetCursor()

    def _update_hover(self) -> None:
        """Describe the point under the resting mouse; over empty space, the help."""
        if self._hover is None:
            return
        at = self.mapToGlobal(self._hover.toPoint())
        i = self.pick(self._hover.x(), self._hover.y())
        if i is None:
            if self._point_tip:
                self._hide_tips()
            self.show_tip_later(at)
            return
        self.show_tip_later(None)
        self.point_tip().show(at, self._data.tooltip(i))
        self._point_tip = True
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    # ------------------------------------------------------------ overlay
    def paint_overlay(self, p: QPainter) -> None:
        """The axis gizmo, the selection ring and its label, or the empty-view hint."""
        w, h = self.width(), self.height()
        if self._data.coords is None:
            self._overlay.hint(p, w, h)
            return
        origin, tips = self.camera.gizmo(38 * self._pal.font_scale)
        self._overlay.axis_gizmo(p, origin, tips, self._data.axis_titles(), (w, h))
        sel = self._selection.selected
        if sel is None:
            return
        xy, depth = self.to_screen(self._data.coords[[sel]])
        if depth[0] > 0:
            center = QPointF(float(xy[0, 0]), float(xy[0, 1]))
            r = self._settings.point_size / 2 + 9
            self._overlay.selection(p, center, r, elide(self._data.label_of(sel)))

    # -------------------------------------------------------------- theme
    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle for ``pal`` (background, axes, highlight colours, font size)."""
        self._pal = pal
        self.setBackgroundColor(pal.background)
        self._overlay.set_palette(pal)
        self.camera.set_background(rgbf(pal.background))
        self._on_selection_changed()
