"""The sphere's arrow keys: turn the selected vector about the view's axes.

An event filter on the sphere's GL window (:class:`~.sphere_window.SphereWindow`):
with a vector selected, ←/→ ask to turn it about the view's vertical axis and
↑/↓ about its horizontal axis (Shift: fine steps); with none selected the
arrows keep orbiting the camera (pyqtgraph's keys). The filter reads the
camera's axes and emits the intent; a controller makes the edit.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal

from ..models.playground import PlaygroundModel
from .overlay_painter import qmatrix_to_numpy

#: Arrow key -> (horizontal, vertical) direction of the turn.
ARROWS = {
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}


class SphereKeys(QObject):
    """Turns arrow presses on ``gl`` into :attr:`turn_requested`.

    Parameters
    ----------
    gl : SphereWindow
        The sphere's GL window (its ``viewMatrix()`` gives the camera's axes).
    model : PlaygroundModel
        Read for the selection; never written.

    Signals
    -------
    turn_requested(int, object, object, int, int, bool)
        Vector index, the view's right and up axes (scene coordinates, (3,) arrays),
        horizontal and vertical direction (−1, 0, +1) and whether Shift asks for a
        fine step. Auto-repeated presses are requested too.
    """

    turn_requested = Signal(int, object, object, int, int, bool)

    def __init__(self, gl, model: PlaygroundModel):
        super().__init__(gl)
        self._gl, self._model = gl, model
        gl.installEventFilter(self)

    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """The view's right and up unit vectors in scene coordinates (rows of the view
        matrix's rotation)."""
        view = qmatrix_to_numpy(self._gl.viewMatrix())
        return view[0, :3].copy(), view[1, :3].copy()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        key = event.key()
        selected = self._model.selected
        if key not in ARROWS or selected is None:
            return False  # pyqtgraph orbits the camera
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # Ctrl/Alt + arrow: not ours
        if event.type() == QEvent.Type.KeyPress:
            right, up = self.axes()
            fine = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.turn_requested.emit(int(selected), right, up, *ARROWS[key], fine)
        event.accept()
        return True
