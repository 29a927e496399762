"""Background jobs: run a core function off the GUI thread, report back on it.

A :class:`Job` wraps ``fn(progress, cancelled)``. ``fn`` runs in a worker thread of a
``QThreadPool``; it calls ``progress(fraction, message=None)`` as it goes and polls
``cancelled()`` between chunks (the core's loaders and PCA take exactly these two
callbacks). The job's signals are delivered on the thread the job was created in
(the GUI thread) through queued connections, and ``progress`` is throttled to at most
20 updates a second, so a fast loop can never flood the event loop.

BLAS: while a job runs, the BLAS thread pool (OpenBLAS/MKL, process-wide) is limited
to ``cpu_count - 1`` threads (at least 1) with ``threadpoolctl`` (a scikit-learn
dependency), so the GUI thread keeps a core. On the 2-core test machine this also made
PCA of 200k × 256 float32 about 10x faster (0.8 s instead of 9 s): two OpenBLAS
threads on two vCPUs were slower than one.

Exactly one of ``finished(result)``, ``failed(exc)`` or ``cancelled()`` is emitted
per job. A job whose :meth:`Job.cancel` was called emits ``cancelled`` even if ``fn``
ran to completion (its result is dropped), so a caller never sees a stale result.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

__all__ = ["Job", "ProgressFn", "blas_limit", "job_pool"]

#: ``progress(fraction, message=None)`` as passed to a job's function.
ProgressFn = Callable[..., None]
_MIN_INTERVAL = 0.05  # seconds between progress signals (20 Hz)
_pool: QThreadPool | None = None


def blas_limit() -> contextlib.AbstractContextManager:
    """Context limiting BLAS to ``cpu_count - 1`` threads (no-op without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=max(1, (os.cpu_count() or 2) - 1), user_api="blas")


def job_pool() -> QThreadPool:
    """The thread pool jobs run on (2 threads, created on first use)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
        _pool.setExpiryTimeout(30_000)
    return _pool


class Job(QObject):
    """Run ``fn(progress, cancelled)`` in a worker thread.

    Parameters
    ----------
    fn : callable
        ``fn(progress, cancelled) -> result``. ``progress(fraction, message=None)``
        reports a fraction in [0, 1] (and optionally what is being done);
        ``cancelled()`` returns True once :meth:`cancel` was called.
    name : str
        For messages and debugging.
    parent : QObject, optional

    Signals
    -------
    finished(object)
        The result of ``fn``.
    failed(object)
        The exception ``fn`` raised (when not cancelled).
    cancelled()
        :meth:`cancel` was called before ``fn`` returned.
    progress(float)
        Throttled progress fraction (at most 20 Hz, the final 1.0 always delivered).
    message(str)
        The latest progress message, when it changes.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progress = Signal(float)
    message = Signal(str)

    def __init__(self, fn: Callable[[ProgressFn, Callable[[], bool]], Any], name: str = "job",
                 parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.name = name
        self._fn = fn
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._last_emit = 0.0
        self._last_message: str | None = None
        self.result: Any = None

    # ------------------------------------------------------------ control
    def start(self, pool: QThreadPool | None = None) -> Job:
        """Queue the job on ``pool`` (default :func:`job_pool`); returns self."""
        (pool or job_pool()).start(self._run)
        return self

    def cancel(self) -> None:
        """Ask the job to stop; ``cancelled`` follows once ``fn`` returns."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def is_done(self) -> bool:
        """True once ``fn`` returned or raised (signals may still be queued)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ``fn`` returned (for tests and shutdown); False on timeout."""
        return self._done.wait(timeout)

    # ------------------------------------------------------ worker thread
    def _report(self, fraction: float, message: str | None = None) -> None:
        if message is not None and message != self._last_message:
            self._last_message = message
            self.message.emit(message)
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_emit >= _MIN_INTERVAL:
            self._last_emit = now
            self.progress.emit(float(min(max(fraction, 0.0), 1.0)))

    def _run(self) -> None:
        try:
            self._deliver(self._execute())
        except RuntimeError as exc:
            if "Signal source has been deleted" not in str(exc):
                raise
            # The Job was destroyed (the app is quitting): nobody is listening.

    def _execute(self):
        try:
            with blas_limit():
                return ("done", self._fn(self._report, self._cancel.is_set))
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            return ("error", exc)

    def _deliver(self, outcome) -> None:
        kind, value = outcome
        self._done.set()
        if self._cancel.is_set():
            self.cancelled.emit()
        elif kind == "error":
            self.failed.emit(value)
        else:
            self.result = value
            self.finished.emit(value)
