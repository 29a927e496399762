"""The series' background work: alignment, metrics per step, change A↔B, trail neighbours.

Each kind of work has at most one job; a new request cancels the old one. The heavy
ones share ONE worker thread (``series_loader.series_pool``), the trail neighbours
(one row against each step) run on the app's pool so they never wait behind them. Jobs run
the core (``core.series``: ``align_series_detail``, ``step_metrics``, ``neighbor_overlap``,
``movement``; ``core.neighbors.cosine_neighbors``) off the GUI thread with progress and
Cancel, and hand results to :class:`~..models.series.SeriesModel` on the GUI thread,
dropping results made for a series that has changed since (a generation counter).
Before reading memory-mapped steps, the files' identities are checked: a replaced or
truncated step is reported with ``stale`` (and reloaded) instead of read (SIGBUS).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ...core.colors import encode
from ...core.neighbors import cosine_neighbors
from ..models.series import SeriesModel
from .jobs import Job, job_pool
from .series_loader import SeriesLoader, series_pool

__all__ = ["SeriesJobs"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesJobs", text)


class SeriesJobs(QObject):
    """Runs the series' jobs for ``model`` (see the module).

    Signals
    -------
    job_started(object, str)
        A job worth a progress dialog (the alignment) and its title.
    status(str)
        A short message for the status bar.
    error(str)
    stale(list)
        Steps whose mapped file changed on disk (not read).
    """

    job_started = Signal(object, str)
    status = Signal(str)
    error = Signal(str)
    stale = Signal(list)

    def __init__(self, model: SeriesModel, loader: SeriesLoader,
                 temperature: Callable[[], float], parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.model, self.loader, self.temperature = model, loader, temperature
        self.jobs: dict[str, Job] = {}
        self.generation = 0
        self.metric_sample = 10_000
        self._change_timer = QTimer(self, singleShot=True, interval=250)
        self._change_timer.timeout.connect(self.update_change)
        self._tau_timer = QTimer(self, singleShot=True, interval=1000)
        self._tau_timer.timeout.connect(self._on_tau_timer_timeout)
        m = model
        m.steps_changed.connect(self._on_model_steps_changed)
        for signal in (m.basis_changed, m.reference_changed, m.dims_changed):
            signal.connect(lambda *_: self.realign())
        m.position_changed.connect(lambda *_: self._change_timer.start())
        m.compare_changed.connect(lambda *_: self._change_timer.start())
        m.k_changed.connect(lambda *_: (self.update_change(), self.update_neighbors()))
        m.coords_changed.connect(lambda *_: self._change_timer.start())
        m.selected_changed.connect(lambda *_: self.update_neighbors())

    # ---------------------------------------------------------------- plumbing
    def _run(self, kind: str, fn, done, title: str | None = None, pool=None) -> Job | None:
        old = self.jobs.pop(kind, None)
        if old is not None:
            old.cancel()
        stale = self.loader.check_identities()
        if stale:
            self.stale.emit(stale)
            return None
        gen = self.generation
        job = Job(fn, f"series-{kind}", self)
        job.finished.connect(lambda r: gen == self.generation and done(r))
        job.failed.connect(lambda exc: gen == self.generation and self.error.emit(str(exc)))
        job.message.connect(self.status.emit)
        self.jobs[kind] = job
        if title is not None:
            self.job_started.emit(job, title)
        job.start(pool or series_pool())
        return job

    def cancel_all(self) -> None:
        for job in self.jobs.values():
            job.cancel()
        self.jobs.clear()

    def _on_model_steps_changed(self, *_args) -> None:
        self.generation += 1
        self.realign()
        self.update_metrics()

    # ------------------------------------------------------------- alignment
    def realign(self) -> Job | None:
        m = self.model
        if len(m.steps) < 2:
            return None
        from ...core.series import align_series_detail

        steps = [s.vectors for s in m.steps]  # mapped steps stream; rows reorder the result
        rows = list(m.orders)
        dims, basis, reference = m.dims, m.basis, m.reference
        names = m.names

        def work(progress, cancelled):
            progress(0.0, _tr("Projecting and aligning {0} steps…").format(len(steps)))
            return align_series_detail(
                steps, dims, basis, reference, progress, cancelled, rows=rows
            )

        def done(aligned) -> None:
            shown = (
                _tr("per-step PCA")
                if aligned.basis == "per-step"
                else _tr("shared basis: PCA of {0}").format(names[int(aligned.basis.split(":")[1])])
            )
            fb = [names[i] for i in aligned.fallback_steps]
            if fb:
                shown += _tr("; {0} (another dimension) fell back to its own PCA").format(
                    ", ".join(fb)
                )
            shown += _tr("; aligned to {0}").format(names[aligned.reference])
            m.set_coords(aligned.coords, shown, aligned.fallback_steps)

        return self._run("align", work, done, _tr("Aligning the series"))

    # --------------------------------------------------------------- metrics
    def update_metrics(self, every: bool = False) -> Job | None:
        """Metrics of the steps that have none (``every``: all of them, e.g. at a new τ)."""
        m = self.model
        todo = [i for i, x in enumerate(m.metrics) if every or x is None]
        if not todo or len(m.steps) < 2:
            return None
        from ...core.series import step_metrics

        labels = m.labels
        codes = None if labels is None else encode(labels)[1]
        tau = float(self.temperature())
        vectors = {i: m.vectors(i) for i in todo}
        sample = self.metric_sample

        def work(progress, cancelled):
            out = {}
            for j, i in enumerate(todo):
                if cancelled():
                    break
                progress(j / len(todo), _tr("Metrics of step {0} of {1}…").format(j + 1, len(todo)))
                out[i] = step_metrics(vectors[i], codes, tau, sample, 0, None, cancelled)
            return out

        def done(out) -> None:
            m.metrics_temperature = tau
            for i, metrics in out.items():
                m.set_metrics(i, metrics)
            self.status.emit(_tr("Metrics of {0} steps ready").format(len(out)))

        return self._run("metrics", work, done)

    def temperature_changed(self, *_args) -> None:
        """The playground's τ may have changed: SupCon is recomputed once it rests (1 s)."""
        self._tau_timer.start()

    def _on_tau_timer_timeout(self) -> None:
        m = self.model
        if m.metrics_temperature is not None and self.temperature() != m.metrics_temperature:
            self.update_metrics(every=True)

    # ---------------------------------------------------------------- change
    def update_change(self) -> Job | None:
        m = self.model
        if m.coords is None or len(m.steps) < 2:
            return None
        from ...core.series import movement, neighbor_overlap

        a, b, k = m.step_index, m.compare, m.k
        moved = movement(m.coords, b, a)
        if m.change is not None and (m.change["a"], m.change["b"]) == (a, b):
            if m.change.get("k") == k and m.change["overlap"] is not None:
                return None
        m.set_change(a, b, moved, None)
        if a == b:
            return None
        va, vb = m.vectors(b), m.vectors(a)

        def work(progress, cancelled):
            return neighbor_overlap(va, vb, k, progress, cancelled)

        def done(overlap) -> None:
            if (m.step_index, m.compare) == (a, b):
                m.set_change(a, b, moved, overlap)
                m.change["k"] = k

        return self._run("change", work, done)

    # ------------------------------------------------------ trail neighbours
    def update_neighbors(self) -> Job | None:
        m = self.model
        row = m.selected
        if row is None or len(m.steps) < 2:
            return None
        vectors = [m.vectors(i) for i in range(len(m.steps))]
        k = m.k

        def work(progress, cancelled):
            out = []
            for i, v in enumerate(vectors):
                if cancelled():
                    break
                progress(i / len(vectors))
                out.append(np.asarray(cosine_neighbors(v, row, k)[0], np.int64))
            return out

        # cheap (one row against each step): the shared pool, not behind a long overlap job
        done = lambda out: m.set_step_neighbors(row, out)  # noqa: E731
        return self._run("neighbors", work, done, pool=job_pool())
