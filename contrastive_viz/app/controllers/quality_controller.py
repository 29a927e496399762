"""Measure every map shown (PCA too) in a background job; publish recall as a colour-by column.

On each change of the coordinates (``projection_changed``: a new dataset, normalize,
a UMAP/t-SNE map) or of the dims, :func:`contrastive_viz.core.quality.measure` runs
in a :class:`~.jobs.Job` on a random sample of
:data:`~contrastive_viz.core.quality.QUALITY_SAMPLE` points above that size (stated
by the panel); the result is set on the GUI thread into ``model.quality`` and the
per-point recall into the derived column :data:`~..models.derived_columns.RECALL`
(NaN outside the sample: grey, "not measured").
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from ...core.maps import METHOD_NAMES
from ...core.quality import QUALITY_SAMPLE, measure
from ..models.derived_columns import RECALL
from ..models.explorer import ExplorerModel
from ..models.map_quality import QUALITY_K
from .jobs import Job

__all__ = ["QualityController"]


class QualityController(QObject):
    """Keeps ``model.quality`` and the recall column up to date.

    Parameters
    ----------
    model : ExplorerModel
    sample_size : int, default QUALITY_SAMPLE
    parent : QObject, optional

    Signals
    -------
    error(str, str)
    """

    error = Signal(str, str)

    def __init__(self, model: ExplorerModel, sample_size: int = QUALITY_SAMPLE, parent=None):
        super().__init__(parent)
        self._model = model
        self.sample_size = sample_size
        self._job: Job | None = None
        model.data.projection_changed.connect(self._on_data_projection_changed, priority=-5)
        model.settings.dims_changed.connect(self._on_data_projection_changed)

    def cancel(self) -> None:
        """Stop a running measurement (the window closes)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _on_data_projection_changed(self, *_args) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        data, dims = self._model.data, self._model.settings.dims
        ds, coords = data.dataset, data.coords
        if ds is None or coords is None or ds.n < 4:
            self._model.quality.set_quality(None)
            self._model.quality.set_computing(False)
            return
        if data.map is not None:
            dims = min(dims, data.map.coords.shape[1])
        method = METHOD_NAMES[data.method] + ("" if dims == 2 else " 3-D")
        vectors, y = ds.vectors, np.array(coords[:, :dims])
        k, size = min(QUALITY_K, ds.n - 2), self.sample_size
        job = Job(lambda _p, _c: measure(vectors, y, k, size), "Map quality")
        job.finished.connect(lambda q: self._on_job_finished(job, q, method))
        job.failed.connect(lambda exc: self._on_job_failed(job, exc))
        self._job = job
        self._model.quality.set_computing(True)
        job.start()

    def _on_job_finished(self, job: Job, quality, method: str) -> None:
        if job is not self._job:
            return
        self._job = None
        self._model.quality.set_computing(False)
        self._model.quality.set_quality(quality, method)
        self._model.derived.set(RECALL, quality.recall)

    def _on_job_failed(self, job: Job, exc: BaseException) -> None:
        if job is self._job:
            self._job = None
            self._model.quality.set_computing(False)
            self._model.quality.set_quality(None)
            self.error.emit("Map quality failed", str(exc))
