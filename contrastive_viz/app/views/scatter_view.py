"""The explorer's 2-D scatter: every point of the first two components.

Level of detail: up to :attr:`ScatterView.lod_threshold` points are all drawn as
points. Above it, the view draws a density image (a 2-D histogram by integer binning
with ``np.bincount``, each bin the mean colour of its points, its opacity growing
with log-density) of whatever is in view, recomputed on every pan/zoom, and switches
to real points once the view holds at most :attr:`ScatterView.max_points_in_view`.

Hovering shows a tooltip (index, label, metadata) of the nearest point within
:attr:`ScatterView.pick_radius` pixels; a click selects it through the state. The
selection gets a ring, its neighbours an outline and a thin line to it. Points hidden
by the filter are dimmed (or left out of the density image).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QCursor, QFont
from PySide6.QtWidgets import QToolTip, QWidget

from .. import theme
from ..explorer_state import ExplorerState

__all__ = ["ScatterView", "axis_titles", "density_image"]

_HIDDEN_ALPHA = 0.12  # filtered-out points keep this fraction of the opacity


def axis_titles(state: ExplorerState) -> list[str]:
    """``"PC1 (23.4 %)"``-style titles of the three axes (``dim 1`` for data shown as is)."""
    proj = state.projection
    if proj is None:
        return ["", "", ""]
    stem = "dim " if proj.solver == "identity" else "PC"
    ratios = list(proj.explained_variance_ratio) + [0.0] * 3
    k = proj.n_components
    return [f"{stem}{i + 1} ({100 * ratios[i]:.1f} %)" if i < k else "" for i in range(3)]


def density_image(x, y, rgb, rect: QRectF, width: int, height: int, opacity: float = 1.0):
    """RGBA image (height, width, 4) of points binned over ``rect`` (row 0 at the bottom).

    Each bin takes the mean colour of its points; its alpha grows with
    ``log1p(count)`` up to ``opacity``. ``x``, ``y`` (float32, (n,)) and ``rgb``
    (float32, (n, 3)) are all points; those outside ``rect`` are ignored. Also returns
    how many points fell inside.
    """
    x0, y0 = rect.left(), rect.top()
    sx, sy = width / max(rect.width(), 1e-30), height / max(rect.height(), 1e-30)
    fx = (x - np.float32(x0)) * np.float32(sx)
    fy = (y - np.float32(y0)) * np.float32(sy)
    inside = (fx >= 0) & (fx < width) & (fy >= 0) & (fy < height)
    flat = fy[inside].astype(np.int32) * width + fx[inside].astype(np.int32)
    size = width * height
    counts = np.bincount(flat, minlength=size).astype(np.float32)
    image = np.zeros((size, 4), dtype=np.uint8)
    filled = counts > 0
    if filled.any():
        colors = rgb[inside]
        for c in range(3):
            sums = np.bincount(flat, weights=colors[:, c], minlength=size)
            image[filled, c] = np.clip(sums[filled] / counts[filled], 0, 255)
        level = np.log1p(counts[filled]) / np.log1p(counts.max())
        image[filled, 3] = np.clip(255 * opacity * (0.3 + 0.7 * level), 1, 255)
    return image.reshape(height, width, 4), int(flat.size)


class ScatterView(pg.PlotWidget):
    """2-D scatter of ``state.coords[:, :2]`` (pyqtgraph), with LOD for big sets.

    Parameters
    ----------
    state : ExplorerState
    parent : QWidget, optional

    Attributes
    ----------
    points_item, neighbor_item, selected_item : pg.ScatterPlotItem
        All (or the loaded subset of) points, the neighbours, the selection ring;
        ``item.data["data"]`` holds the original row index of each spot.
    density_item : pg.ImageItem
    mode : str
        ``"empty"``, ``"points"`` or ``"density"``.
    """

    lod_threshold = 100_000
    max_points_in_view = 30_000
    pick_radius = 8.0
    density_bin_px = 2

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self._state = state
        self.mode = "empty"
        self._pal = theme.palette()
        self._style_key: tuple = ()
        self._loaded: QRectF | None = None
        self._hover_pos: QPointF | None = None
        self._x = self._y = np.zeros(0, np.float32)
        self._vis_idx = np.zeros(0, np.int64)
        self._brush_table = np.zeros(0, dtype=object)
        self._brush_code = np.zeros(0, np.int32)
        self._n_colors = 1
        self._rgb = np.zeros((0, 3), np.float32)
        plot = self.getPlotItem()
        self._vb = plot.getViewBox()
        self._vb.disableAutoRange()
        self._vb.setAspectLocked(True)
        plot.hideButtons()
        self.density_item = pg.ImageItem(axisOrder="row-major")
        self.points_item = pg.ScatterPlotItem(pen=None)
        self.links_item = pg.PlotCurveItem(connect="pairs")
        self.neighbor_item = pg.ScatterPlotItem()
        self.selected_item = pg.ScatterPlotItem()
        for z, item in enumerate(
            (self.density_item, self.points_item, self.links_item, self.neighbor_item)
        ):
            item.setZValue(z)
            self.addItem(item)
        self.selected_item.setZValue(10)
        self.addItem(self.selected_item)
        self.density_item.hide()
        self._hint = pg.TextItem("Open an embedding file, or the digits demo", anchor=(0.5, 0.5))
        self.addItem(self._hint)
        self._lod_timer = QTimer(self, singleShot=True, interval=0, timeout=self._update_lod)
        self._hover_timer = QTimer(self, singleShot=True, interval=30, timeout=self._update_hover)
        self._vb.sigRangeChanged.connect(self._on_view_range_changed)
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)
        state.projection_changed.connect(self._on_state_projection_changed)
        state.style_changed.connect(self._on_state_style_changed)
        state.selection_changed.connect(self._on_state_neighbors_changed)
        state.neighbors_changed.connect(self._on_state_neighbors_changed)
        self.setToolTip("")
        self.apply_theme(self._pal)
        if state.coords is not None:
            self._on_state_projection_changed()

    # -------------------------------------------------------------- state
    def _on_state_projection_changed(self) -> None:
        coords = self._state.coords
        self._hint.setVisible(coords is None)
        if coords is None:
            return
        self._x = np.ascontiguousarray(coords[:, 0])
        self._y = np.ascontiguousarray(coords[:, 1])
        titles = axis_titles(self._state)
        self._set_axis_titles(titles[0], titles[1])
        self._style_key = ()
        self._restyle()
        self._loaded = None
        self._fit_range()
        self._render()
        self._on_state_neighbors_changed()

    def _on_state_style_changed(self) -> None:
        if self._state.coords is None:
            return
        if self._restyle():
            self._loaded = None
            self._render()
        self._on_state_neighbors_changed()

    def _restyle(self) -> bool:
        """Rebuild brushes/colours when colours, opacity or filter changed; True if so."""
        st = self._state
        mapping, mask, opacity = st.colors, st.visible_mask(), st.opacity
        size = st.point_size
        old = self._style_key
        if old and old[0] is mapping and old[1] is mask and old[2] == opacity:
            if size != old[3]:
                self._style_key = (mapping, mask, opacity, size)
                self.points_item.setSize(size)
            return False
        self._style_key = (mapping, mask, opacity, size)
        rgba = mapping.rgba
        if mapping.kind == "categorical":  # the codes already index the distinct colours
            colors = [QColor(c) for c in mapping.category_colors]
            inverse = mapping.codes
        else:
            packed = (rgba[:, 0].astype(np.uint32) << 16) | (rgba[:, 1].astype(np.uint32) << 8)
            packed |= rgba[:, 2]
            unique, inverse = np.unique(packed, return_inverse=True)
            colors = [QColor((v >> 16) & 255, (v >> 8) & 255, v & 255) for v in unique.tolist()]
        m = len(colors)
        table = []
        for alpha in (opacity, opacity * _HIDDEN_ALPHA):
            for color in colors:
                color = QColor(color)
                color.setAlphaF(alpha)
                table.append(QBrush(color))
        self._brush_table = np.empty(len(table), dtype=object)
        self._brush_table[:] = table
        self._n_colors = m
        self._brush_code = inverse.astype(np.int32).ravel() + m * (~mask)
        self._vis_idx = np.flatnonzero(mask)
        self._rgb = rgba[self._vis_idx, :3].astype(np.float32)
        self._vx, self._vy = self._x[self._vis_idx], self._y[self._vis_idx]
        return True

    # ------------------------------------------------------------- render
    def _fit_range(self) -> None:
        if self._x.size == 0:
            return
        step = max(1, self._x.size // 200_000)
        xy = np.stack([self._x[::step], self._y[::step]]).astype(np.float64)
        lo, hi = np.percentile(xy, [0.1, 99.9], axis=1)
        if not np.all(hi > lo):
            lo, hi = lo - 1.0, hi + 1.0
        x_range, y_range = (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))
        self._vb.setRange(xRange=x_range, yRange=y_range, padding=0.06)

    def _render(self) -> None:
        if self._x.size <= self.lod_threshold:
            idx = np.arange(self._x.size)
            self._set_points(idx)
            self.density_item.hide()
            self.mode = "points"
        elif not self._lod_timer.isActive():
            self._lod_timer.start()  # next event-loop turn: splits the work of a new set

    def _set_points(self, idx: np.ndarray) -> None:
        self.points_item.setData(
            x=self._x[idx],
            y=self._y[idx],
            data=idx,
            brush=self._brush_table[self._brush_code[idx]],
            size=self._state.point_size,
        )

    def _on_view_range_changed(self, *_args) -> None:
        if self._x.size > self.lod_threshold and not self._lod_timer.isActive():
            self._lod_timer.start()

    def _update_lod(self) -> None:
        """Density image or real points, for what the view shows (big sets only)."""
        if self._x.size <= self.lod_threshold:
            return
        rect = self._vb.viewRect()
        inside = (self._vx >= rect.left()) & (self._vx <= rect.right())
        inside &= (self._vy >= rect.top()) & (self._vy <= rect.bottom())
        count = int(np.count_nonzero(inside))
        if count <= self.max_points_in_view:
            self.density_item.hide()
            if self.mode != "points" or self._loaded is None or not self._loaded.contains(rect):
                wide = rect.adjusted(
                    -rect.width() / 2, -rect.height() / 2, rect.width() / 2, rect.height() / 2
                )
                near = (self._vx >= wide.left()) & (self._vx <= wide.right())
                near &= (self._vy >= wide.top()) & (self._vy <= wide.bottom())
                if np.count_nonzero(near) > 2 * self.max_points_in_view:
                    near, wide = inside, rect
                self._loaded = wide
                self._set_points(self._vis_idx[near])
            self.mode = "points"
            return
        if self.mode != "density":
            self.points_item.setData(x=[], y=[])
            self._loaded = None
            self.mode = "density"
        w = max(1, int(self._vb.width() / self.density_bin_px))
        h = max(1, int(self._vb.height() / self.density_bin_px))
        image, _ = density_image(self._vx, self._vy, self._rgb, rect, w, h, self._state.opacity)
        self.density_item.setImage(image, autoLevels=False, levels=(0, 255))
        self.density_item.setRect(rect)
        self.density_item.show()

    def _on_state_neighbors_changed(self) -> None:
        st, pal = self._state, self._pal
        sel, nbrs = st.selected, st.neighbors
        size = st.point_size
        if st.coords is None or sel is None:
            for item in (self.selected_item, self.neighbor_item):
                item.setData(x=[], y=[])
            self.links_item.setData(x=[], y=[])
            return
        fill = QColor(pal.anchor)
        fill.setAlphaF(0.3)
        self.selected_item.setData(
            x=[self._x[sel]], y=[self._y[sel]], data=[sel], size=size + 14, symbol="o",
            pen=pg.mkPen(pal.anchor, width=3), brush=pg.mkBrush(fill),
        )  # fmt: skip
        idx = np.zeros(0, np.int64) if nbrs is None else np.asarray(nbrs[0], np.int64)
        brushes = list(self._brush_table[self._brush_code[idx] % self._n_colors])  # undimmed
        self.neighbor_item.setData(
            x=self._x[idx], y=self._y[idx], data=idx, size=size + 6, symbol="o",
            pen=pg.mkPen(pal.foreground, width=2), brush=brushes,
        )  # fmt: skip
        lx = np.empty(2 * idx.size, np.float32)
        ly = np.empty(2 * idx.size, np.float32)
        lx[0::2], ly[0::2] = self._x[sel], self._y[sel]
        lx[1::2], ly[1::2] = self._x[idx], self._y[idx]
        self.links_item.setData(x=lx, y=ly, connect="pairs")

    # ------------------------------------------------------------ picking
    def pick(self, x: float, y: float) -> int | None:
        """Row index of the visible point nearest to view point (x, y) within the radius."""
        if self._vis_idx.size == 0:
            return None
        pw, ph = self._vb.viewPixelSize()
        r = self.pick_radius + self._state.point_size / 2
        dx = (self._vx - np.float32(x)) / np.float32(pw)
        dy = (self._vy - np.float32(y)) / np.float32(ph)
        d2 = dx * dx + dy * dy
        j = int(np.argmin(d2))
        return int(self._vis_idx[j]) if d2[j] <= r * r else None

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        self._hover_pos = pos
        if not self._hover_timer.isActive():
            self._hover_timer.start()

    def _update_hover(self) -> None:
        pos = self._hover_pos
        if (
            pos is None
            or self._state.coords is None
            or not self._vb.sceneBoundingRect().contains(pos)
        ):
            QToolTip.hideText()
            return
        p = self._vb.mapSceneToView(pos)
        i = self.pick(p.x(), p.y())
        if i is None:
            QToolTip.hideText()
            return
        rows = self._state.describe(i)[:14]
        text = "<br>".join(f"<b>{html.escape(k)}</b>: {html.escape(v)}" for k, v in rows)
        QToolTip.showText(QCursor.pos(), text, self)

    def _on_scene_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or self._state.coords is None:
            return
        if not self._vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = self._vb.mapSceneToView(ev.scenePos())
        self._state.select(self.pick(p.x(), p.y()))

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
        for name in ("bottom", "left"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(pal.grid))
            axis.setTextPen(pg.mkPen(pal.muted))
            axis.setTickFont(font)
        titles = axis_titles(self._state)
        self._set_axis_titles(titles[0], titles[1])
        self._hint.setColor(pal.muted)
        self._hint.setFont(font)
        self.links_item.setPen(pg.mkPen(QColor(pal.foreground), width=1))
        self.links_item.setOpacity(0.55)
        self._on_state_neighbors_changed()
