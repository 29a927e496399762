"""Draw a lasso or a rectangle on a plot with the mouse, and say which shape was drawn.

:class:`LassoTool` is an event filter: while the selection's tool is ``"lasso"``
or ``"rect"``, a left drag on its targets draws the path (instead of panning or
rotating) and the release emits ``stroke_finished(polygon, mode)``. The mode comes
from the modifiers held at the press: Shift adds, Alt or Ctrl subtracts, none
replaces. Esc on a target emits ``clear_requested``. The tool computes nothing:
a controller turns the polygon into rows (``core/lasso.py``).

:class:`ScatterLasso` works on the 2-D :class:`~.scatter_view.ScatterView` and
gives the polygon in data coordinates; :class:`~.lasso_tool3d.Scatter3DLasso` on
the 3-D window, in window pixels.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ..models.row_selection import RowSelection

__all__ = ["LassoTool", "ScatterLasso", "stroke_mode"]

#: The path's colour (amber; readable on the dark and the light theme).
PATH_COLOR = "#ffb000"


def stroke_mode(modifiers) -> str:
    """``"add"`` with Shift, ``"subtract"`` with Alt or Ctrl, else ``"replace"``."""
    m = Qt.KeyboardModifier
    if modifiers & m.ShiftModifier:
        return "add"
    if modifiers & (m.AltModifier | m.ControlModifier):
        return "subtract"
    return "replace"


class LassoTool(QObject):
    """Records a lasso or rectangle stroke on ``targets`` (see the module docstring).

    Parameters
    ----------
    rows : RowSelection
        Listened to: its ``tool`` says whether a drag draws.
    targets : list of QObject
        Objects whose mouse (and key) events are filtered.

    Signals
    -------
    stroke_finished(object, str)
        The drawn polygon, float64 (k, 2), in :meth:`map` coordinates, and the mode.
    clear_requested()
        Esc was pressed on a target.
    """

    stroke_finished = Signal(object, str)
    clear_requested = Signal()

    def __init__(self, rows: RowSelection, targets: list, parent: QObject | None = None):
        super().__init__(parent)
        self._rows = rows
        self._path: list[tuple[float, float]] | None = None
        self._start: QPointF | None = None
        self._mode = "replace"
        for t in targets:
            t.installEventFilter(self)

    @property
    def drawing(self) -> bool:
        """True between the press and the release of a stroke."""
        return self._path is not None

    def map(self, pos: QPointF) -> tuple[float, float]:
        """Coordinates of a target position in which the polygon is given (override)."""
        return pos.x(), pos.y()

    def focus(self) -> None:
        """Give the keyboard focus to the view a stroke starts on (override)."""

    def show_path(self, polygon: np.ndarray | None) -> None:
        """Draw the path so far (None hides it) (override)."""

    def polygon(self) -> np.ndarray:
        """The stroke so far as float64 (k, 2); a rectangle has 4 corners."""
        return np.asarray(self._path if self._path else np.zeros((0, 2)), dtype=np.float64)

    def eventFilter(self, watched: QObject, ev: QEvent) -> bool:  # Qt override
        t, types = ev.type(), QEvent.Type
        if t == types.KeyPress and ev.key() == Qt.Key.Key_Escape:
            if self._path is not None:
                self._end(emit=False)
            else:
                self.clear_requested.emit()
            return True
        if t == types.MouseButtonPress and ev.button() == Qt.MouseButton.LeftButton:
            if self._rows.tool == "pan":
                return False
            self._mode = stroke_mode(ev.modifiers())
            self.focus()  # so that Esc reaches the filter
            self._start = ev.position()
            self._path = [self.map(ev.position())]
            return True
        if self._path is None:
            return False
        if t == types.MouseMove:
            p = self.map(ev.position())
            if self._rows.tool == "rect":
                (x0, y0), (x1, y1) = self.map(self._start), p
                self._path = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            else:
                self._path.append(p)
            self.show_path(self.polygon())
            return True
        if t == types.MouseButtonRelease and ev.button() == Qt.MouseButton.LeftButton:
            self._end(emit=True)
            return True
        return t in (types.MouseButtonDblClick, types.MouseButtonPress)

    def _end(self, emit: bool) -> None:
        poly, mode = self.polygon(), self._mode
        self._path = self._start = None
        self.show_path(None)
        if emit:
            self.stroke_finished.emit(poly, mode)


class ScatterLasso(LassoTool):
    """A :class:`LassoTool` on a 2-D ScatterView: the polygon in data coordinates.

    Parameters
    ----------
    rows : RowSelection
    scatter : ScatterView
    """

    def __init__(self, rows: RowSelection, scatter, parent: QObject | None = None):
        super().__init__(rows, [scatter.viewport(), scatter], parent)
        self._view = scatter
        self._vb = scatter.getPlotItem().getViewBox()
        self.path_item = QGraphicsPathItem()
        pen = QPen(QColor(PATH_COLOR), 2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.path_item.setPen(pen)
        self.path_item.setBrush(QColor(255, 176, 0, 40))
        self.path_item.setZValue(20)
        self.path_item.hide()
        self._vb.addItem(self.path_item, ignoreBounds=True)

    def focus(self) -> None:
        self._view.setFocus(Qt.FocusReason.MouseFocusReason)

    def map(self, pos: QPointF) -> tuple[float, float]:
        p = self._vb.mapSceneToView(self._view.mapToScene(pos.toPoint()))
        return p.x(), p.y()

    def show_path(self, polygon: np.ndarray | None) -> None:
        if polygon is None or len(polygon) < 2:
            self.path_item.hide()
            return
        path = QPainterPath(QPointF(*polygon[0]))
        for x, y in polygon[1:]:
            path.lineTo(x, y)
        path.closeSubpath()
        self.path_item.setPath(path)
        self.path_item.show()
