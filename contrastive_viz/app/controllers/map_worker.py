"""The map worker PROCESS seen from the GUI: start ahead, submit, progress, Cancel.

One ``spawn``-context process runs :func:`contrastive_viz.core.maps.worker.serve`.
The GUI never blocks on it: messages are read by a 20 ms ``QTimer`` with
``conn.poll(0)``; the vectors travel through a shared-memory block filled in a
background :class:`~.jobs.Job` (a copy that releases the GIL), and only the block's
name goes down the pipe. Cancel terminates the process (umap-learn cannot be
interrupted otherwise); the next request starts a fresh one, which pays the
"preparing UMAP…" import again.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from multiprocessing import shared_memory

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ...core.maps import MapSpec
from ...core.maps.worker import serve
from .jobs import Job

__all__ = ["MapWorker"]


class MapWorker(QObject):
    """A worker process computing UMAP/t-SNE maps, one job at a time.

    Attributes
    ----------
    prepared : set of str
        Methods the process has imported and compiled (``"umap"``); ``"umap+"`` once
        it also compiled, while idle, the NN-descent kernels of fits over 4,096 rows.

    Signals
    -------
    status(str)
        What the process does between jobs (``"preparing UMAP…"``, ``""`` when idle).
    progress(int, float, str)
        Job id, fraction, message.
    finished(int, object)
        Job id and its :class:`~contrastive_viz.core.maps.MapResult`.
    failed(int, str)
        Job id and why.
    """

    status = Signal(str)
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._process = None
        self._conn = None
        self._ids = itertools.count(1)
        self._job: int | None = None
        self._copy: Job | None = None
        self._shm: shared_memory.SharedMemory | None = None
        self.prepared: set[str] = set()
        self._timer = QTimer(self, interval=20)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def alive(self) -> bool:
        """True while the process runs."""
        return self._process is not None and self._process.is_alive()

    @property
    def job(self) -> int | None:
        """Id of the running job, or None."""
        return self._job

    def start(self) -> None:
        """Start the process if it is not running (returns at once)."""
        if self.alive:
            return
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=serve, args=(child,), daemon=True,
                                    name="contrastive-viz maps")  # fmt: skip
        self._process.start()
        child.close()
        self.prepared = set()
        self._timer.start()

    def prepare(self, method: str) -> None:
        """Start the process and have it import and compile ``method`` ahead of use."""
        self.start()
        if method not in self.prepared:
            self._conn.send(("prepare", method))

    def submit(self, vectors: np.ndarray, spec: MapSpec) -> int:
        """Compute ``spec`` of ``vectors``; returns the job id (``finished``/``failed`` follow)."""
        self.cancel()
        self.start()
        job = next(self._ids)
        self._job = job
        shape, dtype = vectors.shape, np.dtype(np.float32)

        def copy(_progress, _cancelled):
            shm = shared_memory.SharedMemory(create=True, size=max(1, int(np.prod(shape)) * 4))
            np.copyto(np.ndarray(shape, dtype, buffer=shm.buf), vectors, casting="same_kind")
            return shm

        def send(shm) -> None:
            if self._job != job or not self.alive:
                shm.close()
                shm.unlink()
                return
            self._shm = shm
            self._conn.send(("fit", job, shm.name, shape, dtype.str, spec))

        self._copy = Job(copy, "Copy for the map worker")
        self._copy.finished.connect(send)
        self._copy.failed.connect(lambda exc: self._fail(job, f"Cannot share the vectors: {exc}"))
        self._copy.start()
        return job

    def cancel(self) -> None:
        """Stop the running job: terminate the process (a new one starts on demand)."""
        if self._job is None:
            return
        self._job = None
        self._stop()

    def shutdown(self) -> None:
        """Terminate the process and release everything."""
        self._job = None
        self._stop()

    def _stop(self) -> None:
        self._timer.stop()
        if self._process is not None:
            self._process.terminate()
            self._process.join(0.05)  # reaped here or by the next is_alive()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None
        self.prepared = set()
        self._release()
        self.status.emit("")

    def _release(self) -> None:
        if self._shm is not None:
            self._shm.close()
            self._shm.unlink()
            self._shm = None

    def _fail(self, job: int, message: str) -> None:
        if job == self._job:
            self._job = None
            self._release()
            self.failed.emit(job, message)

    def _on_timer_timeout(self) -> None:
        conn = self._conn
        try:
            while conn is not None and conn is self._conn and conn.poll(0):
                self._handle(conn.recv())
        except (EOFError, OSError):
            pass
        if self._process is not None and not self._process.is_alive():
            code = self._process.exitcode
            job = self._job
            self._process = None
            self._stop()
            if job is not None:
                self._fail(job, f"The map worker process stopped (exit code {code}).")

    def _handle(self, msg) -> None:
        kind = msg[0]
        if kind == "prepared":
            self.prepared.add(msg[1])
            self.status.emit("")
        elif kind == "received":
            if msg[1] == self._job:
                self._release()
        elif kind == "status":
            _k, job, fraction, message = msg
            if job is None:
                self.status.emit(message)
            elif job == self._job:
                self.progress.emit(job, fraction, message)
        elif kind == "done":
            self.prepared.add(msg[2].spec.method)
            if msg[1] == self._job:
                self._job = None
                self.finished.emit(msg[1], msg[2])
        elif kind == "failed":
            if msg[1] is None:
                self.status.emit("")
            else:
                self._fail(msg[1], msg[2])
