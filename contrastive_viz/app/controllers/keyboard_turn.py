"""The sphere without a mouse: ``[``/``]`` select a vector, the arrows turn it.

A run of arrow presses on one vector, less than :data:`RUN_GAP_MS` apart, is
one continuous edit (:class:`~.edit.ContinuousEdit`): live on every press,
one undo step in the end. The rotation is :func:`contrastive_viz.core.nudge.nudge`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...core.nudge import COARSE_STEP_DEG, FINE_STEP_DEG, nudge
from .playground import PlaygroundController

#: Presses further apart than this (ms) start a new undo step.
RUN_GAP_MS = 1000


class KeyboardTurn(QObject):
    """Selection by ``[``/``]`` and turns by the arrows, as edits of ``playground``.

    Signals
    -------
    message(str)
        What was selected (for the status bar and screen readers).
    """

    message = Signal(str)

    def __init__(self, playground: PlaygroundController, parent: QObject | None = None):
        super().__init__(parent)
        self._pg = playground
        self._token: int | None = None
        self._index = -1
        self._timer = QTimer(self, singleShot=True, interval=RUN_GAP_MS)
        self._timer.timeout.connect(self.end_run)

    @property
    def running(self) -> bool:
        """True while a run of presses is one open edit."""
        return self._token is not None and self._pg.edit.owns(self._token)

    def select_step(self, delta: int) -> None:
        """Select the next (``+1``) or previous (``-1``) vector, wrapping around."""
        n = len(self._pg.scene)
        if n == 0:
            return
        current = self._pg.model.selected
        if current is None:
            index = 0 if delta > 0 else n - 1
        else:
            index = (current + delta) % n
        self._pg.model.selected = index
        scene = self._pg.scene
        self.message.emit(
            QCoreApplication.translate("KeyboardTurn", "Selected {0} ({1}); arrows turn it").format(
                scene.names[index], scene.roles[index]
            )
        )

    def turn(self, index: int, right, up, horizontal: int, vertical: int, fine: bool) -> None:
        """Turn vector ``index`` one step about the view's axes (see the module)."""
        scene = self._pg.scene
        if not 0 <= index < len(scene):
            return
        if not (self.running and self._index == index):
            self.end_run()
            self._pg.model.selected = index
            text = QCoreApplication.translate("KeyboardTurn", "Turn {0}").format(scene.names[index])
            self._token, self._index = self._pg.edit.begin(text), index
        step = FINE_STEP_DEG if fine else COARSE_STEP_DEG
        scene = self._pg.scene
        direction = nudge(scene.directions[index], right, up, horizontal, vertical, step)
        self._pg.edit.update(scene.with_direction(index, direction))
        self._timer.start()

    def end_run(self) -> None:
        """Close the open run as one undo step (nothing when none is open)."""
        self._timer.stop()
        if self.running:
            self._pg.edit.finish()
        self._token = None
