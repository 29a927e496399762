"""Play a series: advance the model's fractional position on a frame timer.

While ``model.playing``, a timer fires every :data:`FRAME_MS` and moves the position
by ``speed × elapsed`` steps (so the rate is right even when frames are late); the
views interpolate between steps, so the points glide. At the last step playback
stops (or loops, with :attr:`SeriesPlayer.loop`). ←/→ glide to the neighbouring step
over :data:`GLIDE_MS` (:meth:`SeriesPlayer.step`). Each frame's duration is recorded
in :attr:`SeriesPlayer.frame_ms` (the benchmark reads it).
"""

from __future__ import annotations

from collections import deque

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer

from ..models.series import SeriesModel

__all__ = ["FRAME_MS", "GLIDE_MS", "SeriesPlayer"]

FRAME_MS = 16
GLIDE_MS = 220


class SeriesPlayer(QObject):
    """The play timer and the ←/→ glide of ``model`` (see the module)."""

    def __init__(self, model: SeriesModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.loop = False
        self.frame_ms: deque[float] = deque(maxlen=600)
        self._timer = QTimer(self, interval=FRAME_MS, timerType=Qt.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._clock = QElapsedTimer()
        self._glide: tuple[float, float] | None = None  # (from, to)
        self._glide_clock = QElapsedTimer()
        model.playing_changed.connect(self._on_model_playing_changed)
        model.steps_changed.connect(lambda *_: self.stop())

    def stop(self) -> None:
        self._glide = None
        self.model.set_playing(False)
        self._timer.stop()

    def step(self, delta: int) -> None:
        """Glide to the previous (−1) or next (+1) whole step."""
        m = self.model
        if not m.steps:
            return
        m.set_playing(False)
        base = self._glide[1] if self._glide is not None else m.position
        target = np.floor(base) + 1 if delta > 0 else np.ceil(base) - 1
        target = float(min(max(target, 0), len(m.steps) - 1))
        if target == m.position:
            return
        self._glide = (m.position, target)
        self._glide_clock.start()
        self._start()

    def _start(self) -> None:
        if not self._timer.isActive():
            self._clock.start()
            self._timer.start()

    def _on_model_playing_changed(self, playing: bool) -> None:
        if playing:
            self._glide = None
            m = self.model
            if m.position >= len(m.steps) - 1:
                m.set_position(0.0)  # play from the start again
            self._start()
        elif self._glide is None:
            self._timer.stop()

    def _on_timer_timeout(self) -> None:
        m = self.model
        dt = self._clock.restart() / 1000.0
        self.frame_ms.append(dt * 1000.0)
        if self._glide is not None:
            start, end = self._glide
            t = min(self._glide_clock.elapsed() / GLIDE_MS, 1.0)
            t = t * t * (3 - 2 * t)  # smoothstep
            m.set_position(start + (end - start) * t)
            if t >= 1.0:
                self._glide = None
                self._timer.stop()
            return
        if not m.playing:
            self._timer.stop()
            return
        last = len(m.steps) - 1
        p = m.position + m.speed * min(dt, 0.25)
        if p >= last:
            if self.loop:
                p = p - last
            else:
                m.set_position(last)
                self.stop()
                return
        m.set_position(p)
