"""The lasso on the 3-D view: drawn over the GL window, given in window pixels.

The controller projects every point with the same camera
(:meth:`Scatter3DWindow.to_screen`, ``core/screen.project``) and tests the
projections against the polygon: a screen-space lasso that selects every point
drawn inside it, in front of the camera, whatever its depth.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from ..models.row_selection import RowSelection
from .lasso_tool import PATH_COLOR, LassoTool

__all__ = ["Scatter3DLasso"]


class Scatter3DLasso(LassoTool):
    """A :class:`~.lasso_tool.LassoTool` on ``view.gl`` (a Scatter3DView's GL window).

    Parameters
    ----------
    rows : RowSelection
    view : Scatter3DView
    """

    def __init__(self, rows: RowSelection, view, parent: QObject | None = None):
        super().__init__(rows, [view.gl], parent)
        self._gl = view.gl
        self._shown: np.ndarray | None = None
        self._gl.overlay_painters.append(self._paint)

    def show_path(self, polygon: np.ndarray | None) -> None:
        self._shown = polygon
        self._gl.update()

    def _paint(self, p: QPainter) -> None:
        poly = self._shown
        if poly is None or len(poly) < 2:
            return
        pen = QPen(QColor(PATH_COLOR), 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QColor(255, 176, 0, 40))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in poly]))
