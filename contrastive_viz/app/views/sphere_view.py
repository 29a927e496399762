"""The playground's 3-D sphere: drag unit vectors and watch the gradient push.

Every vector is an arrow from the origin to its tip on a translucent unit
sphere. Pressing within :data:`PICK_RADIUS` pixels of a tip grabs it; the
mouse ray is intersected with the sphere by
:func:`contrastive_viz.core.sphere.ray_sphere`, and the view emits the drag as
intents (``drag_started``, ``dragged``, ``drag_finished``) that a controller
records as one undo step. Anywhere else the mouse orbits the camera and
the wheel zooms. Double-clicking the sphere adds a negative there. A tip
behind the sphere is drawn faded with a dashed ring and a faded shaft, and is
grabbed only when no front tip is within reach. While the mouse is over the
sphere a dragged tip stays on its hemisphere; off the silhouette it slides
along the rim, and back over the sphere it continues on the visible side, so
a back tip comes to the front over the rim
(:func:`contrastive_viz.core.sphere.drag_on_sphere`). The hover card never
covers the dragged tip, the anchor or the selection. The camera starts facing
the anchor.
Names are drawn by one QPainter after the GL items (see
:mod:`contrastive_viz.core.screen` and :mod:`.overlay_painter`).

The scene lives in a native GL window (:class:`SphereWindow`, a
:class:`~.gl_window.GLViewWindow`) held by the :class:`SphereView` widget, so
the panels beside it repaint without re-composing the window through OpenGL
(see :mod:`.gl_window`). :class:`SphereView` forwards the public API.

Gradient arrows show the direction the loss pushes each vector, ``-grad``,
with length ``0.6 * tanh(2 * tau * |grad|)`` sphere radii: for InfoNCE,
``tau * |grad|`` is the tangential part of ``sum_k p_k k - p+`` (between 0
and 2) whatever tau is, so the arrow reads the same at tau = 0.01 and at
tau = 10, a small push is still visible, and no arrow leaves the view.
Losses without a temperature use ``|grad|``. When the numbers come from the
original high-dimensional features the gradient is not a 3-D vector and no
arrow is drawn.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QVector3D
from PySide6.QtWidgets import QWidget

from ..models.playground import PlaygroundModel
from . import theme
from .gl_window import GLViewHost, forward
from .sphere_window import HELP, PICK_RADIUS, SphereWindow

__all__ = ["PICK_RADIUS", "SphereView", "SphereWindow"]


class SphereView(GLViewHost):
    """Unit vectors on a sphere, dragged with the mouse.

    A widget holding the native GL window :attr:`gl` (a :class:`SphereWindow`,
    which receives the mouse events); positions are logical pixels of that
    window, which fills this widget.

    Parameters
    ----------
    model : PlaygroundModel
        Listened to (scene, evaluation, selection); never written.
    parent : QWidget, optional

    Signals
    -------
    vector_clicked(int)
        A tip was pressed (its scene index).
    hovered(int)
        The tip under the cursor changed (-1 for none).
    drag_started(int), dragged(int, object), drag_finished()
        A drag of a tip: its index, each new point on the sphere (a (3,) array), the end.
    add_requested(object)
        A double-click on the sphere asks for a negative at this point.

    Attributes
    ----------
    gl : SphereWindow
        The GL window (send mouse events here; ``gl.cursor()``, ``gl.update()``).
    container : QWidget
        The window container, focus proxy of this widget (so ``setFocus()`` leaves the
        window's shortcuts working).

    ``grabFramebuffer()`` renders the sphere with its labels offscreen and
    ``render_now()`` draws a pending frame synchronously (see :mod:`.gl_window`).
    """

    vector_clicked = Signal(int)
    hovered = Signal(int)
    drag_started = Signal(int)
    dragged = Signal(int, object)
    drag_finished = Signal()
    add_requested = Signal(object)

    tip_item = forward("tip_item", "GLScatterPlotItem of the tips.")
    arrow_item = forward("arrow_item", "GLLinePlotItem of the vectors' shafts and heads.")
    force_item = forward("force_item", "GLLinePlotItem of the gradient arrows.")
    sphere_item = forward("sphere_item", "GLMeshItem of the translucent surface.")
    grid_item = forward("grid_item", "GLLinePlotItem of the parallels and meridians.")
    axis_item = forward("axis_item", "GLLinePlotItem of the x, y, z axes.")
    opts = forward("opts", "pyqtgraph camera options (azimuth, elevation, distance, fov...).")
    hovered_index = forward("hovered_index", "Scene index of the hovered tip, -1 for none.")
    ring_index = forward("ring_index", "Scene index of the ringed (selected) tip, -1 for none.")

    def __init__(self, model: PlaygroundModel, parent: QWidget | None = None):
        super().__init__(SphereWindow(model), parent)
        self.setMinimumSize(240, 240)
        self.setToolTip(HELP)  # for accessibility tools; the GL window shows it on hover
        for name in ("vector_clicked", "hovered", "drag_started", "dragged", "drag_finished"):
            getattr(self.gl, name).connect(getattr(self, name))
        self.gl.add_requested.connect(self.add_requested)

    @property
    def show_forces(self) -> bool:
        """Whether -grad arrows are drawn on every vector (the anchor's is always drawn)."""
        return self.gl.show_forces

    @show_forces.setter
    def show_forces(self, value: bool) -> None:
        self.gl.show_forces = value

    def apply_theme(self, palette: theme.Palette) -> None:
        """Restyle background, sphere, grid, vectors and labels for ``palette``."""
        self.gl.apply_theme(palette)

    def reset_camera(self, face=None) -> None:
        """Distance 4, elevation 20°; azimuth 45°, or 30° past ``face`` (a direction) to see it."""
        self.gl.reset_camera(face)

    def cameraPosition(self) -> QVector3D:  # pyqtgraph's name
        """The camera's position in scene coordinates."""
        return self.gl.cameraPosition()

    def tip_screen_pos(self, i: int) -> QPointF:
        """Where vector ``i``'s tip is drawn, in logical pixels of :attr:`gl` (= this widget)."""
        return self.gl.tip_screen_pos(i)

    def ray_at(self, pos: QPointF) -> tuple[np.ndarray, np.ndarray]:
        """The mouse ray through ``pos``: origin on the near plane, unit direction."""
        return self.gl.ray_at(pos)

    def pick_at(self, pos: QPointF) -> int:
        """The tip within reach of ``pos`` that is nearest the camera, or -1."""
        return self.gl.pick_at(pos)

    def labelled(self) -> np.ndarray:
        """Scene indices that get a name label this frame."""
        return self.gl.labelled()
