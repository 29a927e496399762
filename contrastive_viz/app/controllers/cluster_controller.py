"""Cluster the original vectors in a background job; publish the names as a colour-by column.

When ``model.clusters`` asks for k-means or HDBSCAN (or the dataset changes while it
does), :func:`contrastive_viz.core.clusters.cluster_vectors` runs in a
:class:`~.jobs.Job` with progress and Cancel. On the GUI thread the per-point cluster
names ("C3: mostly 7 · 92%", or the cluster's words with a text column) become the
derived column :data:`~..models.derived_columns.CLUSTER`, and the points are coloured
by it. "Off" removes the column.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ...core.clusters import cluster_names, cluster_vectors, point_names
from ...core.point_text import text_column
from ..models.derived_columns import CLUSTER
from ..models.explorer import ExplorerModel
from .jobs import Job

__all__ = ["ClusterController"]


class ClusterController(QObject):
    """Keeps the :data:`CLUSTER` column in step with ``model.clusters``.

    Parameters
    ----------
    model : ExplorerModel
    parent : QObject, optional

    Signals
    -------
    busy_changed(bool), progress(float, str)
        A clustering job started/ended; its progress.
    error(str, str)
        The clustering failed (title, message).
    """

    busy_changed = Signal(bool)
    progress = Signal(float, str)
    error = Signal(str, str)

    def __init__(self, model: ExplorerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model
        self._job: Job | None = None
        self._message = ""
        c = model.clusters
        for signal in (c.method_changed, c.k_changed, c.min_cluster_size_changed):
            signal.connect(self._on_clusters_changed)
        model.data.dataset_changed.connect(self._on_clusters_changed)

    @property
    def busy(self) -> bool:
        """True while a clustering job runs."""
        return self._job is not None

    def cancel(self) -> None:
        """Stop the running clustering (the previous clusters, if any, stay)."""
        self._forget()

    def _forget(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
            self.busy_changed.emit(False)

    def _on_clusters_changed(self, *_args) -> None:
        self._forget()
        ds, c = self._model.data.dataset, self._model.clusters
        if ds is None or c.method == "off":
            self._model.derived.remove(CLUSTER)
            return
        vectors, labels = ds.vectors, ds.labels
        column = text_column(ds)
        texts = ds.metadata[column] if column is not None else None
        method, k, size = c.method, c.k, c.min_cluster_size

        def work(progress, cancelled):
            found = cluster_vectors(vectors, method, k, size, 0, progress, cancelled)
            if found is None:
                return None
            progress(0.95, "naming clusters")
            return point_names(found, cluster_names(found, labels, texts))

        # Parented, so a cancelled job that still runs is not collected under its thread;
        # it deletes itself once it has reported.
        job = Job(work, "Clusters", self)
        job.finished.connect(lambda names: self._on_job_finished(job, names))
        job.failed.connect(lambda exc: self._on_job_failed(job, exc))
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(job.deleteLater)
        job.progress.connect(lambda f: self._on_job_progress(job, f))
        job.message.connect(lambda m: self._on_job_message(job, m))
        self._job, self._message = job, "Clustering…"
        job.start()
        self.busy_changed.emit(True)
        self.progress.emit(0.0, self._message)

    def _on_job_progress(self, job: Job, fraction: float) -> None:
        if job is self._job:
            self.progress.emit(fraction, self._message)

    def _on_job_message(self, job: Job, message: str) -> None:
        if job is self._job:
            self._message = f"Clusters: {message}…"

    def _on_job_finished(self, job: Job, names) -> None:
        if job is not self._job:
            return
        self._job = None
        self.busy_changed.emit(False)
        if names is not None:
            self._model.derived.set(CLUSTER, names)
            self._model.settings.set_color_by(CLUSTER)

    def _on_job_failed(self, job: Job, exc: BaseException) -> None:
        if job is self._job:
            self._job = None
            self.busy_changed.emit(False)
            self.error.emit("Clustering failed", str(exc))
