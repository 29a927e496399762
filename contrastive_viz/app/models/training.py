"""The Train tab's state: the settings, the run's state, its curves, embeddings and snapshots.

Qt-free (psygnal). The controller (:mod:`..controllers.trainer`) owns the core ``Run`` and
the worker thread; it writes here on the GUI thread only, and the views listen.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from psygnal import Signal

from ...core.training import LIVE_SETTINGS, TrainSettings

__all__ = ["STATES", "TrainingModel"]

#: ``empty`` (no data yet), ``ready`` (step 0), ``running``, ``paused``.
STATES = ("empty", "ready", "running", "paused")


class TrainingModel:
    """Settings and run state of the trainer.

    Signals
    -------
    settings_changed(object)
        The new :class:`TrainSettings`.
    state_changed(str)
        One of :data:`STATES`.
    progressed(int)
        New steps reached the model (the step count); curves and embeddings changed.
    snapshot_added(int)
        A snapshot of all the points was kept at this step.
    message(str)
        A status text (a refusal, a divergence).
    """

    settings_changed = Signal(object)
    state_changed = Signal(str)
    progressed = Signal(int)
    snapshot_added = Signal(int)
    message = Signal(str)

    def __init__(self) -> None:
        self.settings = TrainSettings()
        self.state = "empty"
        self.data_name = ""
        self.has_labels = True
        self.label_codes: np.ndarray | None = None
        self.label_names: tuple[str, ...] = ()
        #: ``(label, alignment, uniformity)`` of earlier runs, for the A–U plane.
        self.previous: list[tuple[str, np.ndarray, np.ndarray]] = []
        self.steps = None
        self.clear_run()

    def clear_run(self, label: str | None = None) -> None:
        """Forget the curves, embeddings and snapshots (a reset); the run's alignment–
        uniformity trajectory is kept in :attr:`previous` (the last three runs) under
        ``label`` (by default the τ it ended with)."""
        if getattr(self, "steps", None) is not None and self.steps.size > 1:
            if label is None:
                label = f"τ={self.settings.temperature:g}"
            label = f"{label}, {int(self.steps[-1])} steps"
            self.previous = [*self.previous[-2:], (label, self.alignment, self.uniformity)]
        self.step = 0
        self.steps = np.zeros(0, dtype=np.int64)
        self.loss = np.zeros(0)
        self.alignment = np.zeros(0)
        self.uniformity = np.zeros(0)
        self.embeddings: np.ndarray | None = None
        self.snapshots: dict[int, np.ndarray] = {}

    # ------------------------------------------------------------ settings
    def set_setting(self, name: str, value) -> TrainSettings:
        """Change one setting; ValueError (and nothing changes) when it is invalid.

        SupCon is refused on data without labels, with the reason.
        """
        if name == "loss" and value == "supcon" and not self.has_labels:
            raise ValueError(
                "SupCon needs labels: its positives are the other samples of the same class, "
                "and this data has none. Use NT-Xent, or load a set with labels."
            )
        if name in ("batch_size", "hidden", "out_dim", "seed", "snapshot_every"):
            value = int(value)
        elif name not in ("loss", "optimizer"):
            value = float(value)
        new = replace(self.settings, **{name: value})  # TrainSettings validates
        if new != self.settings:
            self.settings = new
            self.settings_changed.emit(new)
        return new

    @staticmethod
    def is_live(name: str) -> bool:
        """Whether ``name`` may change while the run trains (from the next step)."""
        return name in LIVE_SETTINGS

    # --------------------------------------------------------------- state
    def set_state(self, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}, got {state!r}")
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def set_data(self, name: str, labels: np.ndarray | None, label_names: tuple[str, ...]):
        """The data a run trains on: its name and label codes (None: NT-Xent only)."""
        self.data_name = name
        self.label_codes = labels
        self.label_names = tuple(label_names)
        self.has_labels = labels is not None
        if not self.has_labels and self.settings.loss == "supcon":
            self.settings = replace(self.settings, loss="nt_xent")
            self.settings_changed.emit(self.settings)

    def append(self, records, embeddings: np.ndarray | None, snapshots: dict) -> None:
        """New step records (``StepRecord``s), the latest embeddings and new snapshots."""
        if records:
            self.steps = np.concatenate([self.steps, [r.step for r in records]])
            self.loss = np.concatenate([self.loss, [r.loss for r in records]])
            self.alignment = np.concatenate([self.alignment, [r.alignment for r in records]])
            self.uniformity = np.concatenate([self.uniformity, [r.uniformity for r in records]])
            self.step = int(self.steps[-1])
        if embeddings is not None:
            self.embeddings = embeddings
        for step in sorted(snapshots):
            self.snapshots[step] = snapshots[step]
            self.snapshot_added.emit(step)
        self.progressed.emit(self.step)
