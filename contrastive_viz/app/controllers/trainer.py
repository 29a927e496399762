"""Runs the trainer in a worker process and feeds the Train tab's model on the GUI thread.

The core ``Run`` steps in a process of its own (:func:`core.training.worker.serve`, spawn
context, started at the first Start and kept), so the GUI thread never waits for a lock
held by a busy training thread: with a thread, a loaded 2-core machine stalled the event
loop for 100-300 ms. The worker sends step records, the latest embeddings (at most 30
times a second) and snapshots through a pipe; a 30 Hz GUI-thread timer reads them into
:class:`TrainingModel`. Live changes (τ, learning rate, augmentations) go the other way
and apply before the next step. Pause, reset and close stop it after the step in
progress; the worker then sends the run back, so between runs the app holds it.
"""

from __future__ import annotations

import multiprocessing

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...core.training import DIGITS_NAME, Run, TrainData, digits_data
from ...core.training.worker import serve
from ..models.training import TrainingModel
from .jobs import Job

__all__ = ["TrainerController"]

_FRAME = 1 / 30  # seconds between embeddings sent to the views


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
        self._proc = None  # the worker process, started at the first Start
        self._conn = None  # our end of its pipe
        self._sent_data: TrainData | None = None
        self._running = False
        self._load_job: Job | None = None
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
        if name == "snapshot_every" and self._running:
            self._conn.send(("snapshot_every", settings.snapshot_every))
        if self.model.is_live(name):
            value = getattr(settings, name)
            if self._running:
                self._conn.send(("set", name, value))
            else:
                self.run.set(name, value)
        elif self.run.step_count == 0 and not self._running:
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
        return self._running

    def _worker(self):
        """The pipe to the worker process (started on first use), with the data sent."""
        if self._proc is None or not self._proc.is_alive():
            ctx = multiprocessing.get_context("spawn")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=serve, args=(child,), daemon=True, name="trainer")
            self._proc.start()
            child.close()
            self._sent_data = None
        if self._sent_data is not self.data:
            self._conn.send(("data", self.data))
            self._sent_data = self.data
        return self._conn

    def start(self, max_steps: int | None = None) -> None:
        """Train until paused (or for ``max_steps`` steps) in the worker process."""
        if self.data is None:
            self.load_digits(then_start=max_steps is None)
            return
        if self._running or self.run is None:
            return
        conn = self._worker()
        run, self.run.data = self.run, None  # the worker has the data already
        try:
            conn.send(("run", run, max_steps, self.model.settings.snapshot_every))
        finally:
            run.data = self.data
        self._running = True
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
        """Ask the worker to stop after its step; with ``wait`` block until the run is
        back (at most 3 s, else the worker is ended and the run stays as it was)."""
        if not self._running:
            return
        self._conn.send(("stop",))
        if not wait:
            return
        if self._conn.poll(3.0):
            while self._running and self._conn.poll(3.0):
                self._handle(self._conn.recv())
        if self._running:  # no answer: end the worker, keep the run the app has
            self._kill_worker()
            self._finished(None)

    def _kill_worker(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join(1.0)
        self._proc = self._conn = None

    def reset(self) -> None:
        """Back to step 0 with the current settings (the same seed gives the same run)."""
        self.stop(wait=True)
        self.model.clear_run(self._label())
        if self.data is None:
            self.run = None
            self.model.set_state("empty")
            return
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
        """The window closes: stop training and end the worker process."""
        self.stop(wait=True)
        if self._conn is not None:
            try:
                self._conn.send(("quit",))
            except (BrokenPipeError, OSError):
                pass
            self._proc.join(2.0)
            if self._proc.is_alive():
                self._kill_worker()
        self._proc = self._conn = None

    # -------------------------------------------------------------- GUI
    def _on_timer_timeout(self) -> None:
        conn = self._conn
        try:
            while self._running and conn is not None and conn.poll():
                self._handle(conn.recv())
        except (EOFError, OSError):  # the worker died
            self._proc = self._conn = None
            self._finished(None)
            self.model.message.emit(
                QCoreApplication.translate("TrainerController", "The training process ended.")
            )

    def _handle(self, msg) -> None:
        if msg[0] == "progress":
            _, records, emb, snaps = msg
            self.model.append(records, emb, snaps)
        elif msg[0] == "stopped":
            _, run, error = msg
            run.data = self.data
            self._finished(run)
            if error is not None:
                self.model.message.emit(
                    QCoreApplication.translate(
                        "TrainerController",
                        "Training stopped at step {0}: {1} Try a lower learning rate; the last "
                        "good snapshot is kept.",
                    ).format(run.step_count + 1, error)  # fmt: skip
                )

    def _finished(self, run: Run | None) -> None:
        """The worker stopped: take the run back (None: keep the one the app has)."""
        if run is not None:
            self.run = run
        self._running = False
        self._timer.stop()
        self.model.set_state("paused" if self.run and self.run.step_count else "ready")
