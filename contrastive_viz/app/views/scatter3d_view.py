"""The explorer's 3-D scatter: the first three components in a GL view.

:class:`Scatter3DView` is the widget the explorer lays out; the points, camera,
decimation, picking and overlays live in its native GL window
(:class:`~.scatter3d_window.Scatter3DWindow`, attribute :attr:`Scatter3DView.gl`).
A ``QOpenGLWidget`` here, even hidden on another tab, would make Qt composite every
repaint of the whole main window through OpenGL (see :mod:`.gl_window`), doubling the
playground's drag latency under software GL.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ..models.explorer import ExplorerModel
from . import theme
from .gl_window import GLViewHost, forward
from .scatter3d_window import HELP, Scatter3DWindow

__all__ = ["Scatter3DView"]


class Scatter3DView(GLViewHost):
    """3-D scatter of ``data.coords`` with decimation while the camera moves.

    A widget holding the native GL window :attr:`gl` (which receives the mouse
    events); positions are logical pixels of that window, which fills this widget.

    Parameters
    ----------
    model : ExplorerModel
    parent : QWidget, optional

    Attributes
    ----------
    gl : Scatter3DWindow
        The GL window (send mouse events here; ``gl.cursor()``, ``gl.update()``).
    points_item : GLScatterPlotItem
        Every point (``points_item.pos`` is (n, 3)).
    subset_item : GLScatterPlotItem
        The fixed random subset drawn while the camera moves (large sets only).
    neighbor_item, selected_item : GLScatterPlotItem
        Highlights; :attr:`highlighted` holds their row indices.
    highlighted : tuple[int | None, ndarray]
        Selected row and its neighbours' rows.
    moving : bool
        True while the subset is drawn in place of every point.
    decimate_above, decimated_size, idle_ms, pick_radius
        Decimation above this many points, to this many, until the camera rested this
        long (ms); picking reach in pixels (settable per view).

    ``grabFramebuffer()`` renders the points with their overlays offscreen and
    ``render_now()`` draws a pending frame synchronously (see :mod:`.gl_window`).

    Signals
    -------
    point_clicked(object)
        A click (not a drag): the front-most visible point under the mouse, or None.
    """

    point_clicked = Signal(object)

    points_item = forward("points_item", "GLScatterPlotItem of every point.")
    subset_item = forward("subset_item", "GLScatterPlotItem of the decimated subset.")
    neighbor_item = forward("neighbor_item", "GLScatterPlotItem of the neighbours.")
    selected_item = forward("selected_item", "GLScatterPlotItem of the selected point.")
    outline_item = forward("outline_item", "GLScatterPlotItem ringing the neighbours.")
    links_item = forward("links_item", "GLLinePlotItem from the selection to its neighbours.")
    highlighted = forward("highlighted", "(selected row or None, neighbour rows).")
    moving = forward("moving", "Whether the decimated subset is shown (camera moving).")
    opts = forward("opts", "pyqtgraph camera options (azimuth, elevation, distance, fov...).")
    decimate_above = forward("decimate_above", "Decimate above this many points.", True)
    decimated_size = forward("decimated_size", "Points drawn while the camera moves.", True)
    idle_ms = forward("idle_ms", "Rest (ms) before every point returns.", True)
    pick_radius = forward("pick_radius", "Picking reach in pixels (plus half a point).", True)

    def __init__(self, model: ExplorerModel, parent: QWidget | None = None):
        super().__init__(Scatter3DWindow(model), parent)
        self.setToolTip(HELP)  # for accessibility tools; the GL window shows it on hover
        self.gl.point_clicked.connect(self.point_clicked)

    def pick(self, x: float, y: float) -> int | None:
        """Front-most visible point within the pick radius of pixel (x, y), or None."""
        return self.gl.pick(x, y)

    def to_screen(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel positions (n, 2) and clip w (depth; > 0 in front) of 3-D points."""
        return self.gl.to_screen(points)

    def camera(self) -> tuple[np.ndarray, float, float]:
        """Projection × view matrix (row-major) and the GL window's size in logical pixels."""
        return self.gl._mvp(), float(self.gl.width()), float(self.gl.height())

    def apply_theme(self, pal: theme.Palette) -> None:
        """Restyle for ``pal`` (background, axes, highlight colours, font size)."""
        self.gl.apply_theme(pal)
