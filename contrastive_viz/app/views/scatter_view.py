"""The explorer's 2-D scatter: every point of the first two components.

Points are drawn by :class:`PointsItem` (one ``drawPixmapFragments`` call, numpy-only
updates). Level of detail: up to :attr:`ScatterView.lod_threshold` points are all
drawn as points. Above it, the view draws a density image (a 2-D histogram by integer
binning with ``np.bincount`` over the x-sorted points of :class:`DensityIndex`, each
bin the mean colour of its points, its opacity growing with log-density) of whatever
is in view, recomputed on every pan/zoom (about 20 ms at 1M points), and switches to
real points once the view holds at most :attr:`ScatterView.max_points_in_view`.

Hovering shows a tooltip (index, label, metadata) of the nearest point within
:attr:`ScatterView.pick_radius` pixels; a click selects it through the state. The
selection gets a ring, its neighbours an outline and a thin line to it. Points hidden
by the filter are dimmed (or left out of the density image).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QToolTip, QWidget

from ..explorer_state import ExplorerState
from . import theme
from .plot_style import style_axes

__all__ = ["DensityIndex", "PointsItem", "ScatterView", "axis_titles"]

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


class DensityIndex:
    """Visible points of one colouring, sorted by x for density images and range queries.

    A view only reads the slab of points between its left and right edges (two
    ``searchsorted``), bins them by integer arithmetic and sums counts and colours
    with ``np.bincount`` (about 20 ms for 1M points on 2 cores). Each bin takes the
    mean colour of its points and an alpha growing with ``log1p(count)``.

    Parameters
    ----------
    x, y : ndarray of float32, shape (n,)
        Coordinates of all points.
    rgba : ndarray of uint8, shape (n, 4)
        Colours of all points.
    order : ndarray of int, shape (m,)
        Indices of the points to index (the visible ones), sorted by x.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, rgba: np.ndarray, order: np.ndarray):
        self.index = order
        self.x, self.y = x[order], y[order]
        gathered = np.ascontiguousarray(rgba).view(np.uint32).ravel()[order].view(np.uint8)
        gathered = gathered.reshape(-1, 4)
        # float64 weights: np.bincount converts anything else first (2.5x slower)
        self.rgb = [gathered[:, c].astype(np.float64) for c in range(3)]

    def slab(self, left: float, right: float) -> slice:
        """Positions (into the sorted arrays) of the points with left <= x <= right."""
        lo = int(np.searchsorted(self.x, np.float32(left), "left"))
        return slice(lo, int(np.searchsorted(self.x, np.float32(right), "right")))

    def _in(self, rect: QRectF) -> tuple[slice, np.ndarray]:
        s = self.slab(rect.left(), rect.right())
        y = self.y[s]
        return s, (y >= np.float32(rect.top())) & (y <= np.float32(rect.bottom()))

    def in_rect(self, rect: QRectF) -> np.ndarray:
        """Original indices of the points inside ``rect``."""
        s, keep = self._in(rect)
        return self.index[s][keep]

    def count(self, rect: QRectF) -> int:
        """Number of points inside ``rect``."""
        return int(np.count_nonzero(self._in(rect)[1]))

    def image(self, rect: QRectF, width: int, height: int, opacity: float = 1.0) -> np.ndarray:
        """RGBA uint8 image (height, width, 4) of the points in ``rect`` (row 0 at bottom)."""
        s = self.slab(rect.left(), rect.right())
        ix = _bins(self.x[s], rect.left(), rect.width() / width, width)
        iy = _bins(self.y[s], rect.top(), rect.height() / height, height)
        valid = (ix.view(np.uintp) < width) & (iy.view(np.uintp) < height)
        size = width * height
        flat = iy
        flat *= width
        flat += ix
        flat[~valid] = size  # one extra bin collects the points outside
        counts = np.bincount(flat, minlength=size + 1)[:size]
        image = np.zeros((size, 4), dtype=np.uint8)
        filled = np.flatnonzero(counts)
        if filled.size:
            total = counts[filled].astype(np.float64)
            for c in range(3):
                sums = np.bincount(flat, weights=self.rgb[c][s], minlength=size + 1)
                image[filled, c] = np.clip(sums[filled] / total, 0, 255)
            level = np.log1p(total) / np.log1p(total.max())
            image[filled, 3] = np.clip(255 * opacity * (0.3 + 0.7 * level), 1, 255)
        return image.reshape(height, width, 4)


def _bins(values: np.ndarray, origin: float, step: float, size: int) -> np.ndarray:
    """Bin (intp: what np.bincount wants) of each value: [0, size) inside, -1 or size outside."""
    f = (values - np.float32(origin)) * np.float32(1.0 / step)
    np.floor(f, out=f)
    np.clip(f, -1, size, out=f)
    return f.astype(np.intp)


class PointsItem(pg.GraphicsObject):
    """Many discs of one size, each coloured from a short palette, in pixel size.

    pyqtgraph's ScatterPlotItem spends about 3 µs a point in Python on ``setData``;
    here ``set_points`` is numpy only and ``paint`` draws every point in view with ONE
    ``QPainter.drawPixmapFragments`` from an atlas holding one disc per colour.

    Attributes
    ----------
    x, y : ndarray of float64, shape (m,)
    codes : ndarray of intp, shape (m,)
        Palette entry of each point.
    index : ndarray of int64, shape (m,)
        Dataset row of each point.
    colors : list of QColor
        The palette.
    size : float
        Disc diameter in (logical) pixels.
    """

    def __init__(self):
        super().__init__()
        self.x = self.y = np.zeros(0)
        self.codes = np.zeros(0, np.intp)
        self.index = np.zeros(0, np.int64)
        self.colors: list[QColor] = [QColor("white")]
        self.size = 6.0
        self._atlas: QPixmap | None = None
        self._cell = 1
        self._bounds = QRectF()
        self._frags = PrimitiveArray(QPainter.PixmapFragment, 10)

    def set_points(self, x, y, codes, index) -> None:
        """Replace the points (positions, palette codes, dataset rows)."""
        self.prepareGeometryChange()
        self.x, self.y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        self.codes, self.index = np.asarray(codes, np.intp), np.asarray(index, np.int64)
        if self.x.size:
            x0, y0 = self.x.min(), self.y.min()
            self._bounds = QRectF(x0, y0, self.x.max() - x0, self.y.max() - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def set_style(self, colors: list[QColor], size: float) -> None:
        """Set the palette and the disc diameter."""
        self.colors, self.size = list(colors), float(size)
        self._atlas = None
        self.prepareGeometryChange()
        self.update()

    def point_colors(self) -> list[str]:
        """``#rrggbb`` of every point (for tests and exports)."""
        return [self.colors[c].name() for c in self.codes]

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        r = self.size
        return self._bounds.adjusted(-r * pw, -r * ph, r * pw, r * ph)

    def viewTransformChanged(self) -> None:  # noqa: N802 - pyqtgraph hook
        self.prepareGeometryChange()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802
        values = self.x if ax == 0 else self.y
        return (values.min(), values.max()) if values.size else (None, None)

    def _build_atlas(self, dpr: float) -> None:
        d = max(1, round(self.size * dpr))
        self._cell = d + 2
        atlas = QPixmap(self._cell * len(self.colors), self._cell)
        atlas.fill(Qt.GlobalColor.transparent)
        p = QPainter(atlas)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        for k, color in enumerate(self.colors):
            p.setBrush(color)
            p.drawEllipse(QRectF(k * self._cell + 1, 1, d, d))
        p.end()
        self._atlas = atlas
        self._atlas_dpr = dpr

    def paint(self, p: QPainter, *_args) -> None:
        if self.x.size == 0:
            return
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        if self._atlas is None or self._atlas_dpr != dpr:
            self._build_atlas(dpr)
        view = self.viewRect()
        if view is None:
            return
        pw, ph = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        pad_x, pad_y = self.size * pw, self.size * ph
        keep = (self.x >= view.left() - pad_x) & (self.x <= view.right() + pad_x)
        keep &= (self.y >= view.top() - pad_y) & (self.y <= view.bottom() + pad_y)
        shown = np.flatnonzero(keep)
        if shown.size == 0:
            return
        t = p.transform()
        x, y = self.x[shown], self.y[shown]
        self._frags.resize(shown.size)
        frags = self._frags.ndarray()
        frags[:, 0] = t.m11() * x + t.m21() * y + t.dx()
        frags[:, 1] = t.m12() * x + t.m22() * y + t.dy()
        frags[:, 2] = self.codes[shown] * self._cell
        frags[:, 3] = 0.0
        frags[:, 4:6] = self._cell
        frags[:, 6:8] = 1.0 / dpr
        frags[:, 8] = 0.0
        frags[:, 9] = 1.0
        p.resetTransform()
        p.drawPixmapFragments(*self._frags.drawargs(), self._atlas)


class ScatterView(pg.PlotWidget):
    """2-D scatter of ``state.coords[:, :2]`` (pyqtgraph), with LOD for big sets.

    Parameters
    ----------
    state : ExplorerState
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
    """

    lod_threshold = 50_000
    max_points_in_view = 30_000
    pick_radius = 8.0
    density_bin_px = 3  # screen pixels per density bin (3: ~5 ms a frame less than 2 at 1M)

    def __init__(self, state: ExplorerState, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self._state = state
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
        big = self._x.size > self.lod_threshold
        self._order = np.argsort(self._x) if big else None
        titles = axis_titles(self._state)
        self._set_axis_titles(titles[0], titles[1])
        self._style_key = ()
        self._restyle()
        self._loaded = None
        self._fitting = True  # one density pass for the new range, in _render
        self._fit_range()
        self._fitting = False
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
                self.points_item.set_style(self._palette, size)
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
        palette = []
        for alpha in (opacity, opacity * _HIDDEN_ALPHA):  # visible, then dimmed variants
            for color in colors:
                color = QColor(color)
                color.setAlphaF(alpha)
                palette.append(color)
        self._palette, self._n_colors = palette, m
        self._codes = inverse.astype(np.intp).ravel() + m * (~mask)
        self.points_item.set_style(palette, size)
        self._vis_idx = np.flatnonzero(mask)
        self._vx, self._vy = self._x[self._vis_idx], self._y[self._vis_idx]
        self.index = None
        if self._order is not None:
            order = self._order[mask[self._order]]
            self.index = DensityIndex(self._x, self._y, rgba, order)
        return True

    # ------------------------------------------------------------- render
    def _fit_range(self) -> None:
        if self._x.size == 0:
            return
        step = max(1, self._x.size // 20_000)  # a 20k subsample places the 0.1/99.9 % edges
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
                for margin in (1.0, 0.5, 0.25, 0.0):  # load around the view, within budget
                    dx, dy = rect.width() * margin, rect.height() * margin
                    wide = rect.adjusted(-dx, -dy, dx, dy)
                    shown = index.in_rect(wide)
                    if shown.size <= 4 * self.max_points_in_view:
                        break
                self._loaded = wide
                self._set_points(np.sort(shown))
            self.mode = "points"
            return
        if self.mode != "density":
            self._set_points(np.zeros(0, np.int64))
            self._loaded = None
            self.mode = "density"
        w = max(1, int(self._vb.width() / self.density_bin_px))
        h = max(1, int(self._vb.height() / self.density_bin_px))
        self.density_item.setImage(index.image(rect, w, h, self._state.opacity), autoLevels=False)
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
        brushes = [QBrush(self._palette[c]) for c in self._codes[idx] % self._n_colors]
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
        if self.index is not None:  # only the points in a small box around (x, y)
            box = QRectF(x - r * pw, y - r * ph, 2 * r * pw, 2 * r * ph)
            candidates = self.index.in_rect(box)
            px, py = self._x[candidates], self._y[candidates]
        else:
            candidates, px, py = self._vis_idx, self._vx, self._vy
        if candidates.size == 0:
            return None
        dx = (px - np.float32(x)) / np.float32(pw)
        dy = (py - np.float32(y)) / np.float32(ph)
        d2 = dx * dx + dy * dy
        j = int(np.argmin(d2))
        return int(candidates[j]) if d2[j] <= r * r else None

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
        style_axes(self, pal, font)
        titles = axis_titles(self._state)
        self._set_axis_titles(titles[0], titles[1])
        self._hint.setColor(pal.muted)
        self._hint.setFont(font)
        self.links_item.setPen(pg.mkPen(QColor(pal.foreground), width=1))
        self.links_item.setOpacity(0.55)
        self._on_state_neighbors_changed()
