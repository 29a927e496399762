"""Amber halos behind the points of the multi-point selection, in the 2-D and 3-D views.

Both listen to :class:`~contrastive_viz.app.models.row_selection.RowSelection` and the
data's projection and only draw: a :class:`~.points_item.PointsItem` (one
``drawPixmapFragments`` call) under the 2-D points, and a ``GLScatterPlotItem``
drawn before the 3-D points. Above :data:`MAX_HALOS` selected points only a fixed
random subset of them gets a halo.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtGui import QColor

from ..models.explorer import ExplorerModel
from .lasso_tool import PATH_COLOR
from .points_item import PointsItem
from .scatter3d_overlay import BLENDED, rgbf

__all__ = ["HALO_PX", "MAX_HALOS", "SelectionMarks2D", "SelectionMarks3D"]

#: A halo is this many pixels wider than a point.
HALO_PX = 5.0
#: A bigger selection gets halos on a fixed random subset of this many of its points
#: (its extent stays visible; the views stay as fast as with no selection).
MAX_HALOS = 30_000


class _Marks:
    def __init__(self, model: ExplorerModel) -> None:
        self._data, self._rows, self._settings = model.data, model.rows, model.settings
        self._rows.rows_changed.connect(self._on_changed)
        self._data.projection_changed.connect(self._on_changed)
        self._settings.point_size_changed.connect(self._on_changed)

    def rows(self) -> np.ndarray:
        """The rows drawn: the selection, or :data:`MAX_HALOS` of them (none without data)."""
        coords, rows = self._data.coords, self._rows.rows
        if coords is None or not rows.size or rows[-1] >= len(coords):
            return np.zeros(0, np.int64)
        if rows.size > MAX_HALOS:
            pick = np.random.default_rng(0).choice(rows.size, MAX_HALOS, replace=False)
            rows = rows[np.sort(pick)]
        return rows

    def _on_changed(self, *_args) -> None:
        self.redraw()

    def redraw(self) -> None:  # override
        """Draw the current rows."""


class SelectionMarks2D(_Marks):
    """Halos under the 2-D points (``item`` is added to ``scatter`` at z 0.5).

    Parameters
    ----------
    model : ExplorerModel
    scatter : ScatterView
    """

    def __init__(self, model: ExplorerModel, scatter) -> None:
        self.item = PointsItem()
        self.item.setZValue(0.5)  # over the density image, under the points
        scatter.getPlotItem().getViewBox().addItem(self.item, ignoreBounds=True)
        super().__init__(model)
        self.redraw()

    def redraw(self) -> None:
        rows = self.rows()
        color = QColor(PATH_COLOR)
        color.setAlphaF(0.9)
        self.item.set_style([color], self._settings.point_size + HALO_PX)
        if not rows.size:
            self.item.set_points([], [], [], [])
            return
        c = self._data.coords
        self.item.set_points(c[rows, 0], c[rows, 1], np.zeros(rows.size, np.intp), rows)


class SelectionMarks3D(_Marks):
    """Halos drawn before the 3-D points (``item`` is added to ``view.gl``).

    Parameters
    ----------
    model : ExplorerModel
    view : Scatter3DView
    """

    def __init__(self, model: ExplorerModel, view) -> None:
        self._gl = view.gl
        self.item = gl.GLScatterPlotItem(pxMode=True, glOptions=BLENDED)
        self.item.setDepthValue(0.5)  # after the axes, before the points
        self.item.hide()
        self._gl.addItem(self.item)
        super().__init__(model)
        self.redraw()

    def redraw(self) -> None:
        rows = self.rows()
        if rows.size and self._data.coords.shape[1] >= 3:
            size = (self._settings.point_size + HALO_PX) * self._gl.devicePixelRatioF()
            pos = np.asarray(self._data.coords[rows, :3], np.float32)
            self.item.setData(pos=pos, size=size, color=rgbf(PATH_COLOR, 0.9))
            self.item.show()
        else:
            self.item.hide()
        self._gl.update()
