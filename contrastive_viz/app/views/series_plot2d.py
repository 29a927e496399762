"""One 2-D view of a series (A or B): points at a position on the timeline, a trail, marks.

A passive pyqtgraph plot: the series controller calls :meth:`SeriesPlot2D.set_points`
with the interpolated coordinates on every animation frame (numpy only, one
``drawPixmapFragments`` per paint through :class:`~.points_item.PointsItem`),
:meth:`set_colors` when the colouring changes and :meth:`set_marks` for the selected
point, its trail over the steps and its neighbours at the current step. It emits
``point_clicked`` and ``point_hovered`` (rows, or None). Two of them share the camera
with ``link_camera`` (pyqtgraph's linked view boxes).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QWidget

from ...core.axis_limits import robust_range
from ...core.picking import nearest_within
from . import theme
from .plot_style import style_axes
from .points_item import PointsItem
from .series_splat import SplatItem

__all__ = ["SeriesPlot2D"]


class SeriesPlot2D(pg.PlotWidget):
    """2-D points of one series view.

    Attributes
    ----------
    points_item : PointsItem
    trail_item : pg.PlotDataItem
        The selected point's path over every step (None when nothing is selected).
    marks_item : pg.ScatterPlotItem
        Selected point (ring) and its neighbours (outlined).
    title_item : pg.TextItem
        The step shown ("A · epoch_003").

    Signals
    -------
    point_clicked(object)
        Row of the point under a left click, or None.
    point_hovered(object)
        Row of the point under the resting mouse, or None.
    """

    point_clicked = Signal(object)
    point_hovered = Signal(object)
    pick_radius = 8.0
    #: Above this many points, frames between steps are drawn as splats (see .series_splat);
    #: above ``splat_always_above`` every frame is (the explorer's level-of-detail threshold).
    splat_above = 30_000
    splat_always_above = 50_000

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.name = name
        self._pal = theme.palette()
        self._xy = np.zeros((0, 2), np.float32)
        self._size = 5.0
        plot = self.getPlotItem()
        plot.hideButtons()
        self._vb = plot.getViewBox()
        self._vb.disableAutoRange()
        self._vb.setAspectLocked(True)
        self.points_item = PointsItem()
        self.splat_item = SplatItem()
        self.splat_item.hide()
        self.addItem(self.splat_item)
        self.trail_item = pg.PlotDataItem()
        self.trail_dots = pg.ScatterPlotItem(pxMode=True, size=5)
        self.marks_item = pg.ScatterPlotItem(pxMode=True)
        self.hover_item = pg.ScatterPlotItem(pxMode=True)
        for z, item in enumerate(
            (self.points_item, self.trail_item, self.trail_dots, self.marks_item, self.hover_item)
        ):
            item.setZValue(z)
            self.addItem(item)
        self.title_item = pg.TextItem("", anchor=(0, 0))
        self.title_item.setParentItem(self._vb)
        self.title_item.setPos(6, 4)
        self._hover_pos: QPointF | None = None
        self._hover_timer = QTimer(self, singleShot=True, interval=30, timeout=self._update_hover)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        self.apply_theme(self._pal)

    # ------------------------------------------------------------ setters
    def set_title(self, text: str) -> None:
        self.title_item.setText(text)

    def set_points(self, xy: np.ndarray, moving: bool = False) -> None:
        """Move every point to ``xy`` (n, 2); colours stay. ``moving``: a frame between
        steps (drawn as splats above :attr:`splat_above` points)."""
        self._xy = np.asarray(xy)
        n = self._xy.shape[0]
        codes = self.points_item.codes if self.points_item.codes.size == n else np.zeros(n, int)
        if (moving and n > self.splat_above) or n > self.splat_always_above:
            self.splat_item.set_points(self._xy[:, 0], self._xy[:, 1], codes)
            self.splat_item.show()
            self.points_item.hide()
            return
        self.points_item.set_points(self._xy[:, 0], self._xy[:, 1], codes, np.arange(n))
        self.points_item.show()
        self.splat_item.hide()

    def set_colors(self, palette: list[str], codes: np.ndarray, opacity: float = 0.85) -> None:
        """Colour point i with ``palette[codes[i]]`` (``#rrggbb``)."""
        colors = []
        for name in palette:
            c = QColor(name)
            c.setAlphaF(opacity)
            colors.append(c)
        self.points_item.set_style(colors, self._size)
        item = self.points_item
        item.codes = np.asarray(codes, np.intp)
        item.update()
        self.splat_item.set_colors(palette)
        self.splat_item.codes = item.codes

    def fit(self, coords: np.ndarray) -> None:
        """Frame every step's points (so the camera does not jump while playing)."""
        flat = np.asarray(coords).reshape(-1, coords.shape[-1])
        if flat.shape[0] == 0:
            return
        x_range, y_range = robust_range(flat[:, 0], flat[:, 1])
        self._vb.setRange(xRange=x_range, yRange=y_range, padding=0.06)

    def set_marks(self, selected: int | None, neighbors=None, trail=None, current: int = 0):
        """Ring the selected row, outline its ``neighbors`` and draw its ``trail`` (steps, 2)."""
        pal, xy = self._pal, self._xy
        if selected is None or selected >= xy.shape[0]:
            self.marks_item.setData([], [])
            self.trail_item.setData([], [])
            self.trail_dots.setData([], [])
            return
        nb = np.zeros(0, np.int64) if neighbors is None else np.asarray(neighbors, np.int64)
        nb = nb[nb < xy.shape[0]]
        pts = np.vstack([xy[nb], xy[[selected]]])
        pens = [pg.mkPen(pal.foreground, width=1.5)] * nb.size + [pg.mkPen(pal.anchor, width=3)]
        sizes = [self._size + 5] * nb.size + [self._size + 12]
        self.marks_item.setData(
            pos=pts, pen=pens, brush=[pg.mkBrush(None)] * len(pens), size=sizes, symbol="o"
        )
        if trail is None:
            self.trail_item.setData([], [])
            self.trail_dots.setData([], [])
            return
        trail = np.asarray(trail)
        self.trail_item.setData(trail[:, 0], trail[:, 1], pen=pg.mkPen(pal.anchor, width=2))
        brushes = [pg.mkBrush(pal.muted)] * trail.shape[0]
        if 0 <= current < trail.shape[0]:
            brushes[current] = pg.mkBrush(pal.anchor)
        self.trail_dots.setData(pos=trail, brush=brushes, pen=pg.mkPen(None))

    def set_hover(self, row: int | None) -> None:
        """Ring the hovered row (shared between A and B)."""
        if row is None or row >= self._xy.shape[0]:
            self.hover_item.setData([], [])
            return
        pen = QPen(QColor(self._pal.accent), 2)
        self.hover_item.setData(
            pos=self._xy[[row]], pen=pen, brush=pg.mkBrush(None), size=self._size + 9
        )

    def link_camera(self, other: SeriesPlot2D) -> None:
        """Share pan and zoom with ``other``."""
        self._vb.setXLink(other._vb)
        self._vb.setYLink(other._vb)

    # ------------------------------------------------------------ picking
    def pick(self, x: float, y: float) -> int | None:
        if self._xy.shape[0] == 0:
            return None
        pw, ph = self._vb.viewPixelSize()
        r = self.pick_radius + self._size / 2
        px, py = self._xy[:, 0], self._xy[:, 1]
        j = nearest_within(px, py, x, y, pw, ph, r)
        return None if j is None else int(j)

    def screen_pos(self, row: int) -> QPointF:
        """Widget position of ``row`` (for tests)."""
        x, y = (float(v) for v in self._xy[row, :2])
        return QPointF(self.mapFromScene(self._vb.mapViewToScene(QPointF(x, y))))

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        self._hover_pos = pos
        if not self._hover_timer.isActive():
            self._hover_timer.start()

    def _update_hover(self) -> None:
        pos = self._hover_pos
        if pos is None or not self._vb.sceneBoundingRect().contains(pos):
            self.point_hovered.emit(None)
            return
        p = self._vb.mapSceneToView(pos)
        self.point_hovered.emit(self.pick(p.x(), p.y()))

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        if not self._vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = self._vb.mapSceneToView(ev.scenePos())
        self.point_clicked.emit(self.pick(p.x(), p.y()))

    # -------------------------------------------------------------- theme
    def apply_theme(self, pal: theme.Palette) -> None:
        self._pal = pal
        self.setBackground(pal.background)
        font = QFont()
        font.setPointSizeF(10 * pal.font_scale)
        style_axes(self, pal, font)
        self.title_item.setColor(pal.foreground)
        self.title_item.setFont(font)
