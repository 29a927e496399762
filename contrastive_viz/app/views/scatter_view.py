"""The explorer's 2-D scatter: every point of the first two components.

Points are drawn by :class:`~.points_item.PointsItem` (one ``drawPixmapFragments``
call, numpy-only updates). Level of detail: up to :attr:`ScatterView.lod_threshold`
points are all drawn as points. Above it, the view draws a density image (the core's
:class:`~contrastive_viz.core.density.DensityIndex`: each bin the mean colour of its
points, its opacity growing with log-density) of whatever is in view, recomputed on
every pan/zoom (about 20 ms at 1M points), and switches to real points once the view
holds at most :attr:`ScatterView.max_points_in_view`.

Hovering shows a tooltip (the dataset model's ``tooltip``) of the nearest point within
:attr:`ScatterView.pick_radius` pixels; a click emits ``point_clicked``. The selection
gets a ring, its neighbours an outline and a thin line to it. Points hidden by the
filter are dimmed (or left out of the density image).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont
from PySide6.QtWidgets import QWidget

from ...core.axis_limits import robust_range
from ...core.density import DensityIndex
from ...core.picking import nearest_within
from ..models.explorer import ExplorerModel
from . import theme
from .plot_style import style_axes
from .point_tip import PointTip
from .points_item import PointsItem, point_palette
from .scatter_highlights import ScatterHighlights

__all__ = ["HIDDEN_ALPHA", "ScatterView"]

#: Filtered-out points keep this fraction of the opacity.
HIDDEN_ALPHA = 0.12


class ScatterView(pg.PlotWidget):
    """2-D scatter of ``data.coords[:, :2]`` (pyqtgraph), with LOD for big sets.

    Parameters
    ----------
    model : ExplorerModel
        Listened to: data, style, settings (size, opacity) and selection.
    parent : QWidget, optional

    Attributes
    ----------
    points_item : PointsItem
        All points (or, for big sets, those around the view); ``points_item.index``
        holds their dataset rows.
    neighbor_item, selected_item : pg.ScatterPlotItem
        The neighbours and the selection ring; ``item.data["data"]`` holds their rows.
    density_item : pg.ImageItem
    index : DensityIndex or None
        The visible points sorted by x (big sets only).
    mode : str
        ``"empty"``, ``"points"`` or ``"density"``.

    Signals
    -------
    point_clicked(object)
        A left click: the row of the visible point under the mouse, or None.
    """

    point_clicked = Signal(object)

    lod_threshold = 50_000
    max_points_in_view = 30_000
    pick_radius = 8.0
    density_bin_px = 3  # screen pixels per density bin (3: ~5 ms a frame less than 2 at 1M)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self._data, self._style = model.data, model.style
        self._settings, self._selection = model.settings, model.selection
        self.mode = "empty"
        self._fitting = False
        self._pal = theme.palette()
        self._style_key: tuple = ()
        self._loaded: QRectF | None = None
        self._hover_pos: QPointF | None = None
        self._x = self._y = np.zeros(0, np.float32)
        self._vis_idx = np.zeros(0, np.int64)
        self._palette: list[QColor] = [QColor("white")]
        self._codes = np.zeros(0, np.intp)
        self._n_colors = 1
        self._vx = self._vy = self._x
        self._order: np.ndarray | None = None
        self.index: DensityIndex | None = None
        plot = self.getPlotItem()
        self._vb = plot.getViewBox()
        self._vb.disableAutoRange()
        self._vb.setAspectLocked(True)
        plot.hideButtons()
        self.density_item = pg.ImageItem(axisOrder="row-major")
        self.points_item = PointsItem()
        self.highlights = hl = ScatterHighlights()
        self.links_item, self.neighbor_item = hl.links_item, hl.neighbor_item
        self.selected_item = hl.selected_item
        items = (self.density_item, self.points_item, hl.links_item, hl.neighbor_item)
        for z, item in enumerate((*items, hl.selected_item)):
            item.setZValue(10 if item is hl.selected_item else z)
            self.addItem(item)
        self.density_item.hide()
        self._hint = pg.TextItem("Open an embedding file, or the digits demo", anchor=(0.5, 0.5))
        self.addItem(self._hint)
        self._hover_timer = QTimer(self, singleShot=True, interval=30, timeout=self._update_hover)
        self.tip = PointTip(self.viewport())
        self.tip.covered.connect(lambda: self._on_scene_mouse_moved(self._cursor_scene_pos()))
        self._vb.sigRangeChanged.connect(self._on_view_range_changed)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        self._data.projection_changed.connect(self._on_data_projection_changed)
        self._style.colors_changed.connect(self._on_style_changed)
        self._style.mask_changed.connect(self._on_style_changed)
        self._settings.opacity_changed.connect(self._on_style_changed)
        self._settings.point_size_changed.connect(self._on_style_changed)
        self._selection.selected_changed.connect(self._on_selection_changed)
        self._selection.neighbors_changed.connect(self._on_selection_changed)
        self.setToolTip("")
        self.apply_theme(self._pal)
        if self._data.coords is not None:
            self._on_data_projection_changed()

    # -------------------------------------------------------------- model
    def _on_data_projection_changed(self, *_args) -> None:
        coords = self._data.coords
        self._hint.setVisible(coords is None)
        if coords is None:
            return
        self._x = np.ascontiguousarray(coords[:, 0])
        self._y = np.ascontiguousarray(coords[:, 1])
        big = self._x.size > self.lod_threshold
        self._order = np.argsort(self._x) if big else None
        titles = self._data.axis_titles()
        self._set_axis_titles(titles[0], titles[1])
        self._style_key = ()
        self._restyle()
        self._loaded = None
        self._fitting = True  # one density pass for the new range, in _render
        self._fit_range()
        self._fitting = False
        self._render()
        self._on_selection_changed()

    def _on_style_changed(self, *_args) -> None:
        if self._data.coords is None:
            return
        if self._restyle():
            self._loaded = None
            self._render()
        self._on_selection_changed()

    def _restyle(self) -> bool:
        """Rebuild brushes/colours when colours, opacity or filter changed; True if so."""
        mapping, mask = self._style.colors, self._style.visible_mask()
        opacity, size = self._settings.opacity, self._settings.point_size
        old = self._style_key
        if old and old[0] is mapping and old[1] is mask and old[2] == opacity:
            if size != old[3]:
                self._style_key = (mapping, mask, opacity, size)
                self.points_item.set_style(self._palette, size)
            return False
        self._style_key = (mapping, mask, opacity, size)
        palette, inverse, m = point_palette(mapping, opacity, HIDDEN_ALPHA)
        self._palette, self._n_colors = palette, m
        self._codes = inverse + m * (~mask)
        self.points_item.set_style(palette, size)
        self._vis_idx = np.flatnonzero(mask)
        self._vx, self._vy = self._x[self._vis_idx], self._y[self._vis_idx]
        self.index = None
        if self._order is not None:
            order = self._order[mask[self._order]]
            self.index = DensityIndex(self._x, self._y, mapping.rgba, order)
        return True

    # ------------------------------------------------------------- render
    def _fit_range(self) -> None:
        if self._x.size == 0:
            return
        x_range, y_range = robust_range(self._x, self._y)
        self._vb.setRange(xRange=x_range, yRange=y_range, padding=0.06)

    def _render(self) -> None:
        if self._x.size <= self.lod_threshold:
            idx = np.arange(self._x.size)
            self._set_points(idx)
            self.density_item.hide()
            self.mode = "points"
        else:
            self._update_lod()

    def _set_points(self, idx: np.ndarray) -> None:
        self.points_item.set_points(self._x[idx], self._y[idx], self._codes[idx], idx)

    def _on_view_range_changed(self, *_args) -> None:
        # synchronous: the image is ready for the paint this pan/zoom triggers anyway
        if self._x.size > self.lod_threshold and not self._fitting:
            self._update_lod()

    def _update_lod(self) -> None:
        """Density image or real points, for what the view shows (big sets only)."""
        index = self.index
        if index is None:
            return
        rect = self._vb.viewRect()
        if index.count(rect) <= self.max_points_in_view:
            self.density_item.hide()
            if self.mode != "points" or self._loaded is None or not self._loaded.contains(rect):
                shown, (x0, y0, x1, y1) = index.around(rect, 4 * self.max_points_in_view)
                self._loaded = QRectF(x0, y0, x1 - x0, y1 - y0)
                self._set_points(shown)
            self.mode = "points"
            return
        if self.mode != "density":
            self._set_points(np.zeros(0, np.int64))
            self._loaded = None
            self.mode = "density"
        w = max(1, int(self._vb.width() / self.density_bin_px))
        h = max(1, int(self._vb.height() / self.density_bin_px))
        image = index.image(rect, w, h, self._settings.opacity)
        self.density_item.setImage(image, autoLevels=False)
        self.density_item.setRect(rect)
        self.density_item.show()

    def _on_selection_changed(self, *_args) -> None:
        sel, nbrs = self._selection.selected, self._selection.neighbors
        if self._data.coords is None or sel is None or sel >= self._x.size:
            self.highlights.clear()
            return
        idx = np.zeros(0, np.int64) if nbrs is None else np.asarray(nbrs[0], np.int64)
        brushes = [QBrush(self._palette[c]) for c in self._codes[idx] % self._n_colors]
        size = self._settings.point_size
        self.highlights.show(self._x, self._y, sel, idx, brushes, size, self._pal)

    # ------------------------------------------------------------ picking
    def pick(self, x: float, y: float) -> int | None:
        """Row index of the visible point nearest to view point (x, y) within the radius."""
        if self._vis_idx.size == 0:
            return None
        pw, ph = self._vb.viewPixelSize()
        r = self.pick_radius + self._settings.point_size / 2
        if self.index is not None:  # only the points in a small box around (x, y)
            box = QRectF(x - r * pw, y - r * ph, 2 * r * pw, 2 * r * ph)
            candidates = self.index.in_rect(box)
            px, py = self._x[candidates], self._y[candidates]
        else:
            candidates, px, py = self._vis_idx, self._vx, self._vy
        j = nearest_within(px, py, x, y, pw, ph, r)
        return None if j is None else int(candidates[j])

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        self._hover_pos = pos
        if not self._hover_timer.isActive():
            self._hover_timer.start()

    def _cursor_scene_pos(self) -> QPointF:
        return self.mapToScene(self.viewport().mapFromGlobal(QCursor.pos()))

    def _update_hover(self) -> None:
        pos = self._hover_pos
        inside = pos is not None and self._vb.sceneBoundingRect().contains(pos)
        p = self._vb.mapSceneToView(pos) if inside else None
        i = None if p is None or self._data.coords is None else self.pick(p.x(), p.y())
        if i is None:
            self.tip.hide()
        else:
            self.tip.show(QCursor.pos(), self._data.tooltip(i))

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or self._data.coords is None:
            return
        if not self._vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = self._vb.mapSceneToView(ev.scenePos())
        self.point_clicked.emit(self.pick(p.x(), p.y()))

    # -------------------------------------------------------------- theme
    def _set_axis_titles(self, bottom: str, left: str) -> None:
        style = {"color": self._pal.foreground, "font-size": f"{11 * self._pal.font_scale:.0f}pt"}
        self.setLabel("bottom", bottom, **style)
        self.setLabel("left", left, **style)

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle for ``pal`` (background, axes, fonts, highlight colours)."""
        self._pal = pal
        self.setBackground(pal.background)
        font = QFont()
        font.setPointSizeF(9 * pal.font_scale)
        style_axes(self, pal, font)
        titles = self._data.axis_titles()
        self._set_axis_titles(titles[0], titles[1])
        self._hint.setColor(pal.muted)
        self._hint.setFont(font)
        self.highlights.apply_theme(pal)
        self._on_selection_changed()
