"""Open a series: a folder of step files, files chosen together, or two files to compare.

Each step goes through the app's own loaders (``core.series.load_step`` →
``core.embeddings.load_embeddings``: special files refused, memory bounded, never
unpickled) in ONE background job with
progress and Cancel; its rows are matched to the first step's by position, or by a
metadata id column (``core.series.match_rows``). A step that fails (unreadable, NaN
rows, other row count, unmatched ids) is left out with a message naming it; the steps
that loaded stay. Fewer than two good steps leave the current series as it was.

SIGBUS: a memory-mapped file truncated under the app would crash it on the next read.
Steps up to :data:`COPY_BELOW` bytes are copied into memory (by ``load_step``); larger
ones stay mapped
and carry their file identity (inode, size, mtime; ``core.series.watch.identity``), which
:meth:`SeriesLoader.check_identities` compares before background work reads them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from ..models.series import SeriesModel, SeriesStep
from .jobs import Job

__all__ = ["COPY_BELOW", "SeriesLoader", "match_step", "read_step", "series_pool"]

#: Memory-mapped steps at most this big are copied into RAM (cannot SIGBUS later).
COPY_BELOW = 64 * 2**20


_pool: QThreadPool | None = None


def series_pool() -> QThreadPool:
    """The series' own thread pool: ONE thread, so that on a 2-core machine the series'
    background work never takes both cores from the GUI thread (measured: with two
    series jobs at once the event loop stalled for up to 0.8 s while repainting)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(30_000)
    return _pool


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeriesLoader", text)


def folder_metadata(folder: Path) -> Path | None:
    """The metadata file shared by a folder's steps (``core.series.find_metadata``)."""
    from ...core.series import find_metadata

    return find_metadata(folder)


def read_step(step_file, metadata: Path | None, progress=None, cancelled=None) -> SeriesStep:
    """Load one ``core.series.StepFile`` (``core.series.load_step``) as a :class:`SeriesStep`."""
    from ...core.series import load_step

    loaded = load_step(step_file, metadata, progress, cancelled, in_memory_below=COPY_BELOW)
    ds = loaded.data
    return SeriesStep(step_file.name, step_file.path, ds.vectors, step_file.number,
                      ds.labels, ds.metadata, loaded.identity)  # fmt: skip


def _ids(step: SeriesStep, column: str | None):
    if column is None:
        return None
    values = step.metadata.get(column)
    return None if values is None else np.asarray(values, dtype=object)


def match_step(first: SeriesStep, step: SeriesStep, id_column: str | None):
    """The row order that puts ``step``'s rows in ``first``'s order (None: as they are)."""
    from ...core.series import match_rows

    ids = [_ids(first, id_column), _ids(step, id_column)] if id_column else [first.n, step.n]
    orders = match_rows(ids, [first.name, step.name], id_column)
    order = np.asarray(orders[1])
    return None if np.array_equal(order, np.arange(step.n)) else order


def load_series(files, metadata, id_column, progress, cancelled) -> dict:
    """Load and match every step; failures are collected, not raised (worker thread)."""
    steps, orders, errors = [], [], []
    n = len(files)
    for i, f in enumerate(files):
        if cancelled():
            break
        progress(i / n, _tr("Reading {0} ({1} of {2})…").format(f.name, i + 1, n))
        try:
            step = read_step(f, metadata, lambda x, i=i: progress((i + x) / n), cancelled)
            column = id_column
            if column == "auto":
                has = "id" in step.metadata and (not steps or "id" in steps[0].metadata)
                column = "id" if has else None
            order = None if not steps else match_step(steps[0], step, column)
        except Exception as exc:  # noqa: BLE001 - reported per step, the others stay
            if cancelled():
                break
            msg = str(exc)
            errors.append(msg if f.name in msg else f"step '{f.name}': {msg}")
            continue
        steps.append(step)
        orders.append(order)
    if id_column == "auto":
        id_column = "id" if steps and "id" in steps[0].metadata else None
    matching = id_column
    return {"steps": steps, "orders": orders, "errors": errors, "matching": matching or None}


class SeriesLoader(QObject):
    """Loads series into ``model`` with a job (see the module).

    Signals
    -------
    loaded()
        A new series is in the model.
    error(str)
        What went wrong, naming the step(s).
    job_started(object)
        The :class:`Job` (for a progress dialog with Cancel).
    """

    loaded = Signal()
    error = Signal(str)
    job_started = Signal(object)

    def __init__(self, model: SeriesModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.job: Job | None = None
        #: "auto" (the metadata column ``id`` when every step has one), None or a column name.
        self.id_column: str | None = "auto"
        self._last: tuple | None = None  # what the last open read (for reopen)

    def open_folder(self, folder: Path) -> None:
        from ...core.series import discover_steps

        folder = Path(folder)
        try:
            files, by_name = discover_steps(folder)
        except (OSError, ValueError) as exc:
            self.error.emit(str(exc))
            return
        self._start(files, by_name, folder_metadata(folder), folder)

    def open_files(self, paths: list[Path]) -> None:
        from ...core.series import order_steps

        try:
            files, by_name = order_steps([Path(p) for p in paths])
        except (OSError, ValueError) as exc:
            self.error.emit(str(exc))
            return
        folder = Path(paths[0]).parent if paths else None
        self._start(files, by_name, folder_metadata(folder) if folder else None, None)

    def open_pair(self, first: Path, second: Path) -> None:
        """Compare two files ("Compare With…"): the steps in the order given."""
        from ...core.series import StepFile, step_number

        files = [
            StepFile(Path(p), Path(p).stem, step_number(Path(p).name)) for p in (first, second)
        ]
        if files[0].name == files[1].name:
            files = [StepFile(f.path, f"{f.path.parent.name}/{f.name}", f.number) for f in files]
        self._start(files, False, None, None)

    def _start(self, files, by_name: bool, metadata, folder) -> None:
        if len(files) < 2:
            names = ", ".join(f.name for f in files) or _tr("none")
            self.error.emit(
                _tr("A series needs at least two steps; found {0} ({1}).").format(len(files), names)
            )
            return
        self.cancel()
        self._last = (files, by_name, metadata, folder)
        column = self.id_column
        job = Job(lambda p, c: load_series(files, metadata, column, p, c), "series", self)
        job.finished.connect(lambda r: self._on_job_finished(r, by_name, folder))
        job.failed.connect(lambda exc: self.error.emit(str(exc)))
        self.job = job
        self.job_started.emit(job)
        job.start(series_pool())

    def reopen(self, id_column: str | None) -> bool:
        """Match rows by ``id_column`` ("auto", None for position, or a column name) and
        open the last series again with it; False when none was opened."""
        self.id_column = id_column
        if self._last is None:
            return False
        self._start(*self._last)
        return True

    def cancel(self) -> None:
        if self.job is not None and not self.job.is_done():
            self.job.cancel()

    def _on_job_finished(self, result: dict, by_name: bool, folder) -> None:
        steps, errors = result["steps"], result["errors"]
        if len(steps) < 2:
            errors.append(
                _tr("A series needs at least two steps that load; {0} did.").format(len(steps))
            )
            self.error.emit("\n".join(errors))
            return
        self.model.folder = folder
        self.model.set_steps(steps, result["orders"], result["matching"] or "position", by_name)
        self.loaded.emit()
        if errors:
            self.error.emit("\n".join(errors))

    def check_identities(self) -> list[int]:
        """Steps whose file was replaced or truncated since it was opened (mapped ones only)."""
        from ...core.series import identity

        stale = []
        for i, step in enumerate(self.model.steps):
            if not isinstance(step.vectors, np.memmap):
                continue
            try:
                same = identity(step.path) == step.identity
            except OSError:
                same = True  # unlinked: the mapping keeps the old inode alive
            if not same:
                stale.append(i)
        return stale
