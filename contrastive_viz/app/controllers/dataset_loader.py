"""Load and project embeddings in background jobs; hand the results to the models.

The jobs' signals arrive on the GUI thread (queued), so the models (psygnal, which
calls listeners in the emitting thread) are only ever changed there.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ...core.colors import encode
from ...core.embeddings import EmbeddingFileError, EmbeddingSet, InvalidRowsError, load_embeddings
from ...core.explorer_data import digits_embedding_set, fit_projection
from ...core.projection import Projection
from ..models.explorer import ExplorerModel
from .jobs import Job

__all__ = ["DatasetLoader", "invalid_rows_text"]

_API_ADVICE = " Pass drop_invalid=True to remove them (rows count from 1)."


def invalid_rows_text(exc: InvalidRowsError) -> str:
    """The loader's invalid-rows message for users: the core's advice names an API
    argument (``drop_invalid=True``), which is replaced by a sentence about rows."""
    text = str(exc)
    if text.endswith(_API_ADVICE):
        text = text[: -len(_API_ADVICE)] + " Rows count from 1."
    return text


class DatasetLoader(QObject):
    """Opens files (or the demo) and re-projects when ``settings.normalize`` changes.

    Parameters
    ----------
    model : ExplorerModel
    parent : QObject, optional

    Signals
    -------
    busy_changed(bool), progress(float, str)
        A job started/ended; its progress and message.
    error(str, str)
        A failure (title, message); the current dataset stays.
    invalid_rows(str, object, object, int)
        The file has rows with NaN/Inf or all zeros: (a message for users, path,
        metadata path or None, how many rows). The window offers to open it again with
        ``drop_invalid=True``.
    cancelled()
        The job was cancelled; the models are unchanged.
    """

    busy_changed = Signal(bool)
    progress = Signal(float, str)
    error = Signal(str, str)
    invalid_rows = Signal(str, object, object, int)
    cancelled = Signal()

    def __init__(self, model: ExplorerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model
        self._job: Job | None = None
        self._message = ""
        self._opening: tuple[Path, object] | None = None
        self._key: str | None = None
        model.settings.normalize_changed.connect(self._on_settings_normalize_changed)

    @property
    def busy(self) -> bool:
        """True while a load or projection job runs."""
        return self._job is not None

    # ------------------------------------------------------------ loading
    def open(
        self,
        path: str | os.PathLike,
        metadata=None,
        drop_invalid: bool = False,
        key: str | None = None,
    ) -> Job:
        """Load ``path`` and project it in a background job (progress, cancellable).

        ``key`` chooses the tensor or dataset of a ``.safetensors`` or HDF5 file.
        """
        path = Path(path)
        self._opening = (path, metadata)
        self._key = key
        share = 0.25 if path.suffix.lower() == ".npy" else 0.7
        normalize = self._model.settings.normalize

        def work(progress, cancelled):
            def read(f: float) -> None:
                progress(share * f, f"Reading {path.name}…")

            def project(f: float) -> None:
                progress(share + (1 - share) * f, f"PCA of {path.name}…")

            extra = {"key": key} if key is not None else {}
            ds = load_embeddings(
                path, metadata, drop_invalid, progress=read, cancelled=cancelled, **extra
            )
            proj = fit_projection(ds.vectors, normalize, project, cancelled)
            enc = {ds.label_column: encode(ds.labels)} if ds.label_column is not None else {}
            return ds, proj, enc

        return self._start(Job(work, f"Open {path.name}"), f"Opening {path.name}…")

    def reopen_dropping_invalid(self) -> Job | None:
        """Open the last file again (same metadata and ``key``) with ``drop_invalid``."""
        if self._opening is None:
            return None
        return self.open(*self._opening, drop_invalid=True, key=self._key)

    def open_demo(self) -> Job:
        """Load the built-in digits demo set in a background job."""
        normalize = self._model.settings.normalize

        def work(progress, cancelled):
            progress(0.1, "Loading the digits demo…")
            ds = digits_embedding_set()
            return ds, fit_projection(ds.vectors, normalize), {}

        return self._start(Job(work, "Demo"), "Loading the digits demo…")

    def set_dataset(self, dataset: EmbeddingSet, projection: Projection | None = None) -> None:
        """Install a dataset synchronously (PCA computed here when ``projection`` is None)."""
        self.cancel()
        if projection is None:
            projection = fit_projection(dataset.vectors, self._model.settings.normalize)
        self._model.install(dataset, projection, {})

    def cancel(self) -> None:
        """Cancel the running load/projection; ``cancelled`` follows, models unchanged."""
        if self._job is not None:
            self._job.cancel()

    # --------------------------------------------------------------- jobs
    def _start(self, job: Job, message: str) -> Job:
        if self._job is not None:
            self._job.cancel()
        was_busy = self.busy
        self._job, self._message = job, message
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        job.progress.connect(self._on_job_progress)
        job.message.connect(self._on_job_message)
        job.start()
        if not was_busy:
            self.busy_changed.emit(True)
        self.progress.emit(0.0, message)
        return job

    def _end(self) -> bool:
        """Forget the job that sent the current signal; False if it was stale."""
        if self.sender() is not self._job:
            return False
        self._job = None
        self.busy_changed.emit(False)
        return True

    def _on_job_progress(self, fraction: float) -> None:
        if self.sender() is self._job:
            self.progress.emit(fraction, self._message)

    def _on_job_message(self, message: str) -> None:
        if self.sender() is self._job:
            self._message = message

    def _on_job_finished(self, result) -> None:
        if not self._end():
            return
        data = self._model.data
        if isinstance(result, Projection):
            data.set_projection(result)
        else:
            self._model.install(*result)
        if data.projection.normalized != self._model.settings.normalize:  # toggled meanwhile
            self._reproject()

    def _revert_normalize(self) -> None:
        proj = self._model.data.projection
        self._model.settings.set_normalize(bool(proj.normalized) if proj else False)

    def _on_job_failed(self, exc: BaseException) -> None:
        name = self.sender().name if self.sender() is not None else "job"
        if not self._end():
            return
        self._revert_normalize()
        opening = name.startswith("Open ") and self._opening is not None
        if isinstance(exc, InvalidRowsError) and opening:
            self.invalid_rows.emit(invalid_rows_text(exc), *self._opening, exc.count)
        elif isinstance(exc, EmbeddingFileError):
            self.error.emit("Cannot open the file", str(exc))
        elif isinstance(exc, (ValueError, MemoryError, OSError)) and opening:
            # e.g. the projection's ValueError for data it cannot fit: name the file
            self.error.emit("Cannot open the file", f"{self._opening[0].name}: {exc}")
        elif isinstance(exc, (ValueError, MemoryError, OSError)):
            self.error.emit(f"{name} failed", str(exc))
        else:
            self.error.emit(f"{name} failed", f"{type(exc).__name__}: {exc}")

    def _on_job_cancelled(self) -> None:
        if not self._end():
            return
        self._revert_normalize()
        self.progress.emit(0.0, "Cancelled")
        self.cancelled.emit()

    # ---------------------------------------------------------- normalize
    def _on_settings_normalize_changed(self, _normalize: bool) -> None:
        if self._model.data.dataset is not None and (
            self._job is None or self._job.name == "Projection"
        ):
            self._reproject()

    def _reproject(self) -> None:
        ds, normalize = self._model.data.dataset, self._model.settings.normalize
        proj = self._model.data.projection
        if proj is not None and proj.normalized == normalize:
            self.cancel()  # a projection job for the other setting is now moot
            return

        def work(progress, cancelled):
            return fit_projection(ds.vectors, normalize, lambda f: progress(f), cancelled)

        self._start(Job(work, "Projection"), "Re-projecting…")
