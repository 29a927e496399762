"""Play gradient descent: step the anchor along the sphere until stopped.

The whole run is one continuous edit (:class:`~.edit.ContinuousEdit`): one
evaluation per tick, one undo step when it stops.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .playground import PlaygroundController

TICK_MS = 33
#: Below this angle (radians) a step counts as converged and play stops.
CONVERGED = 1e-5


class GradientPlayer(QObject):
    """Runs ``playground.step`` on a timer; the whole run is one undo step.

    Parameters
    ----------
    playground : PlaygroundController
    parent : QObject, optional

    Signals
    -------
    running_changed(bool)
    """

    running_changed = Signal(bool)

    def __init__(self, playground: PlaygroundController, parent: QObject | None = None):
        super().__init__(parent)
        self._pg = playground
        self._edit = 0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.running or self._pg.evaluation.original:
            return
        self._edit = self._pg.edit.begin("Gradient descent")
        self._timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        if self._pg.edit.owns(self._edit):  # (a drag may have taken over)
            self._pg.edit.finish()
        self.running_changed.emit(False)

    def toggle(self) -> None:
        self.stop() if self.running else self.start()

    def _on_timer_timeout(self) -> None:
        if not self._pg.edit.owns(self._edit):  # another edit took over
            self.stop()
        elif self._pg.step(record=False) < CONVERGED:
            self.stop()
