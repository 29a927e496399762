"""Runs the trainer off the GUI thread and feeds the Train tab's model on it.

The core ``Run`` steps in a :class:`~.jobs.Job` on a one-thread pool of its own, so two
loops can never touch one run and the explorer's jobs keep their pool. The worker
publishes into a locked mailbox (step records, the latest embeddings at most 30 times a
second, snapshots); a 30 Hz GUI-thread timer drains it into :class:`TrainingModel`, so
the event loop receives a bounded amount of work whatever the step rate. Live changes
(τ, learning rate, augmentations) go through the mailbox too and are applied by the
worker before its next step. Pause, reset, Cancel and close cancel the job; it stops
after the step in progress.
"""

from __future__ import annotations

import threading
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal

from ...core.training import DIGITS_NAME, Run, TrainData, TrainingDiverged, digits_data
from ..models.training import TrainingModel
from .jobs import Job

__all__ = ["TrainerController"]

_FRAME = 1 / 30  # seconds between embeddings sent to the views


class _Mailbox:
    """What the worker hands to the GUI thread, and the live changes going the other way."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.records: list = []
        self.embeddings: np.ndarray | None = None
        self.snapshots: dict[int, np.ndarray] = {}
        self.error: str | None = None
        self.changes: list[tuple[str, float]] = []

    def take(self):
        with self.lock:
            out = (self.records, self.embeddings, self.snapshots, self.error)
            self.records, self.embeddings, self.snapshots, self.error = [], None, {}, None
        return out

    def take_changes(self) -> list[tuple[str, float]]:
        with self.lock:
            changes, self.changes = self.changes, []
        return changes


class TrainerController(QObject):
    """Start, pause, step and reset a run; apply settings; keep snapshots.

    Signals
    -------
    data_loading(bool)
        The built-in digits are being loaded (scikit-learn's import takes a second).
    """

    data_loading = Signal(bool)

    def __init__(self, model: TrainingModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.data: TrainData | None = None
        self.run: Run | None = None
        self._box = _Mailbox()
        self._job: Job | None = None
        self._load_job: Job | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setInterval(round(_FRAME * 1000))
        self._timer.timeout.connect(self._on_timer_timeout)
        self._start_after_load = False
        self._loading_name = ""

    # ------------------------------------------------------------- data
    def load_digits(self, then_start: bool = False) -> None:
        """Load the built-in digits in a job (no download; scikit-learn ships them)."""
        if self._load_job is not None:
            return
        self._start_after_load = then_start
        self._loading_name = DIGITS_NAME
        self._load_job = Job(lambda _p, _c: digits_data(), "Load digits", self)
        self._load_job.finished.connect(self._on_load_finished)
        self._load_job.failed.connect(self._on_load_failed)
        self.data_loading.emit(True)
        self._load_job.start()

    def _on_load_finished(self, data: TrainData) -> None:
        if self.sender() is not self._load_job:
            return  # other data was chosen meanwhile
        self._load_job = None
        self.set_data(data)
        self.data_loading.emit(False)
        if self._start_after_load:
            self.start()

    def _on_load_failed(self, exc: BaseException) -> None:
        if self.sender() is not self._load_job:
            return
        self._load_job = None
        self.data_loading.emit(False)
        self.model.message.emit(
            QCoreApplication.translate("TrainerController", "Cannot load the digits: {0}").format(
                exc
            )
        )

    def set_data(self, data: TrainData) -> None:
        """Train on ``data`` from now on (the run is reset)."""
        if self._load_job is not None and data.name != self._loading_name:
            self._load_job.cancel()  # the digits still loading are not wanted any more
            self._load_job = None
            self.data_loading.emit(False)
        self.stop(wait=True)
        self.data = data
        self.model.set_data(data.name, data.labels, data.label_names)
        self.reset()

    # ---------------------------------------------------------- settings
    def change(self, name: str, value) -> None:
        """Change a setting. Live ones reach a running run at its next step; the others
        apply at once on a fresh run, else at the next Reset. ValueError if invalid."""
        settings = self.model.set_setting(name, value)
        if self.run is None:
            return
        if self.model.is_live(name):
            value = getattr(settings, name)
            if self._job is not None:
                with self._box.lock:
                    self._box.changes.append((name, value))
            else:
                self.run.set(name, value)
        elif self.run.step_count == 0 and self._job is None:
            self.reset()
        elif name != "snapshot_every":
            self.model.message.emit(
                QCoreApplication.translate(
                    "TrainerController", "The new setting applies when you press Reset."
                )
            )

    # ----------------------------------------------------------- control
    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, max_steps: int | None = None) -> None:
        """Train until paused (or for ``max_steps`` steps) in the background."""
        if self.data is None:
            self.load_digits(then_start=max_steps is None)
            return
        if self._job is not None or self.run is None:
            return
        run, box = self.run, self._box
        every = lambda: self.model.settings.snapshot_every  # noqa: E731 - read live

        def loop(_progress, cancelled) -> int:
            done, last, gap = 0, 0.0, _FRAME
            while not cancelled() and (max_steps is None or done < max_steps):
                for name, value in box.take_changes():
                    run.set(name, value)
                try:
                    record = run.step()
                    snap = run.embed() if record.step % every() == 0 else None
                    now = time.monotonic()
                    emb = None
                    if snap is not None or now - last >= gap:
                        emb = snap if snap is not None else run.embed()
                        # a large set: embedding all of it costs at most ~10% of the time
                        last = time.monotonic()
                        gap = max(_FRAME, 10 * (last - now))
                except (TrainingDiverged, ValueError) as exc:
                    with box.lock:
                        box.error = str(exc)
                    return done
                done += 1
                time.sleep(0)  # hand the GIL to the GUI thread between steps
                with box.lock:
                    box.records.append(record)
                    if emb is not None:
                        box.embeddings = emb
                    if snap is not None:
                        box.snapshots[record.step] = snap
            with box.lock:
                box.embeddings = run.embed()
            return done

        self._job = Job(loop, "Train", self)
        self._job.finished.connect(self._on_job_ended)
        self._job.cancelled.connect(self._on_job_ended)
        self._job.failed.connect(self._on_job_failed)
        self._job.start(self._pool)
        self._timer.start()
        if max_steps is None:
            self.model.set_state("running")

    def step_once(self) -> None:
        """One step (when paused or ready)."""
        self.start(max_steps=1)

    def pause(self) -> None:
        """Stop after the step in progress; the run can continue with :meth:`start`."""
        self.stop(wait=False)

    def stop(self, wait: bool = False) -> None:
        """Cancel the worker; with ``wait`` block until it returned (at most 2 s)."""
        job = self._job
        if job is None:
            return
        job.cancel()
        if wait:
            job.wait(2.0)
            self._finish_job()

    def reset(self) -> None:
        """Back to step 0 with the current settings (the same seed gives the same run)."""
        self.stop(wait=True)
        self.model.clear_run(self._label())
        if self.data is None:
            self.run = None
            self.model.set_state("empty")
            return
        self._box = _Mailbox()
        self.run = Run(self.data, self.model.settings)
        self.model.append([], self.run.embed(), {0: self.run.embed()})
        self.model.set_state("ready")

    def _label(self) -> str | None:
        """The run's temperatures for the A–U plane's legend: ``τ=0.1`` or ``τ=0.1→0.01``."""
        if self.run is None:
            return None
        changes = [c for c in self.run.changes if c["setting"] == "temperature"]
        taus = [] if changes and changes[0]["step"] == 0 else [self.run.initial.temperature]
        taus += [c["value"] for c in changes]
        taus = [t for i, t in enumerate(taus) if i == 0 or t != taus[i - 1]]
        return "τ=" + "→".join(f"{t:g}" for t in taus)

    def shutdown(self) -> None:
        """The window closes: stop training and wait for the worker."""
        self.stop(wait=True)
        self._pool.waitForDone(2000)

    # -------------------------------------------------------------- GUI
    def _on_timer_timeout(self) -> None:
        records, emb, snaps, error = self._box.take()
        if records or emb is not None or snaps:
            self.model.append(records, emb, snaps)
        if error is not None:
            self.model.message.emit(
                QCoreApplication.translate(
                    "TrainerController",
                    "Training stopped at step {0}: {1} Try a lower learning rate; the last "
                    "good snapshot is kept.",
                ).format(self.model.step + 1, error)  # fmt: skip
            )

    def _on_job_ended(self, *_args) -> None:
        if self.sender() is self._job:
            self._finish_job()

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._finish_job()
            self.model.message.emit(
                QCoreApplication.translate("TrainerController", "Training failed: {0}").format(exc)
            )

    def _finish_job(self) -> None:
        self._job = None
        self._timer.stop()
        self._on_timer_timeout()  # what the worker published last
        if self.run is not None:
            for name, value in self._box.take_changes():  # arrived as the worker stopped
                self.run.set(name, value)
        self.model.set_state("paused" if self.run and self.run.step_count else "ready")
