"""Feeds the loss-versus-temperature view from the model, throttled during edits."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, QTimer

from ...core.curves import TAUS, loss_versus_temperature
from ..models.playground import PlaygroundModel
from ..views.loss_curve import LossCurve

#: With more entries than this (a sweep then costs over ~1.5 ms), an edit in progress
#: redoes the curve at most every THROTTLE_MS; the marker at the current tau stays exact
#: on every step.
THROTTLE_ENTRIES = 300
THROTTLE_MS = 60


class CurveController(QObject):
    """Computes the curve with the core and hands it to a :class:`LossCurve`.

    The curve depends on the cosines only: a new tau moves the marker. While the
    model's ``editing`` flag is up and the loss has many entries, the curve is
    redone at most every :data:`THROTTLE_MS`; when the edit finishes it catches up.

    Parameters
    ----------
    model : PlaygroundModel
    view : LossCurve
    parent : QObject, optional
    """

    def __init__(self, model: PlaygroundModel, view: LossCurve, parent: QObject | None = None):
        super().__init__(parent if parent is not None else view)
        self._model, self._view = model, view
        self._sims: np.ndarray | None = None
        self._n_pos = 0
        self._swept_at = 0.0
        self._timer = QTimer(self, singleShot=True, interval=THROTTLE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        model.scene_changed.connect(self._on_model_scene_changed)
        model.editing_changed.connect(self._on_model_editing_changed)
        self._on_model_scene_changed()

    @property
    def pending(self) -> bool:
        """True when the shown curve lags behind the scene (a throttled edit)."""
        return self._timer.isActive()

    def _on_model_scene_changed(self, *_args) -> None:
        ev = self._model.evaluation
        res = ev.result
        if res.probabilities is None:
            self._timer.stop()
            self._sims = None
            self._view.show_message(f"This loss has no temperature; margin = {res.margin:.6g}")
            return
        stale = self._sims is None or self._n_pos != res.n_positives
        if stale or not np.array_equal(self._sims, res.similarities):
            heavy = self._model.editing and res.similarities.size > THROTTLE_ENTRIES
            recent = (time.perf_counter() - self._swept_at) < THROTTLE_MS / 1e3
            if not stale and heavy and recent:
                if not self._timer.isActive():
                    self._timer.start()
            else:
                self._sweep()
        self._view.set_marker(res.temperature, res.loss)

    def _sweep(self) -> None:
        self._timer.stop()
        ev = self._model.evaluation
        self._sims, self._n_pos = ev.result.similarities, ev.result.n_positives
        self._view.set_curve(loss_versus_temperature(ev, TAUS))
        self._swept_at = time.perf_counter()

    def _on_model_editing_changed(self, editing: bool) -> None:
        if not editing and self._timer.isActive():
            self._sweep()  # the edit finished: the curve is exact again

    def _on_timer_timeout(self) -> None:
        if self._model.evaluation.result.probabilities is not None:
            self._sweep()
