"""Play gradient descent: step the anchor along the sphere until stopped."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .state import PlaygroundState

TICK_MS = 33
#: Below this angle (radians) a step counts as converged and play stops.
CONVERGED = 1e-5


class GradientPlayer(QObject):
    """Runs ``state.step`` on a timer; the whole run is one undo step."""

    running_changed = Signal(bool)

    def __init__(self, state: PlaygroundState, parent: QObject | None = None):
        super().__init__(parent)
        self._state = state
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.running or self._state.evaluation.original:
            return
        self._state.begin_drag(self._state.scene.anchor_index)
        self._timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        self._state.end_drag("Gradient descent")
        self.running_changed.emit(False)

    def toggle(self) -> None:
        self.stop() if self.running else self.start()

    def _on_timer_timeout(self) -> None:
        if self._state.step(record=False) < CONVERGED:
            self.stop()
