"""The dataset panel's numbers: per-dataset metrics in a job, SupCon at the playground's τ."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ...core.dataset_metrics import DEFAULT_TEMPERATURES, DatasetMetrics, DatasetSummary
from ..models.dataset import DatasetModel
from .jobs import Job

__all__ = ["DEBOUNCE_MS", "SAMPLE_SIZE", "MetricsController"]

SAMPLE_SIZE = 2000
DEBOUNCE_MS = 150


class MetricsController(QObject):
    """Per-dataset metrics in a background job, then SupCon at each τ after a short pause.

    Parameters
    ----------
    data : DatasetModel
        Recomputed on ``dataset_changed`` and ``label_column_changed`` (its ``labels``).
    playground_state : PlaygroundModel
        Its ``scene.temperature`` is the τ shown; read on ``changed``.
    panel : DatasetPanel, optional
        Shown the numbers (``show_metrics``) on every update.
    parent : QObject, optional

    Attributes
    ----------
    metrics : DatasetMetrics or None
    sweep : ndarray or None
        SupCon at each of :data:`DEFAULT_TEMPERATURES`.
    summary : DatasetSummary or None
        The numbers at :attr:`temperature` (None while computing or without data).
    temperature : float
    computing : bool
        True while the per-dataset numbers are computed in the background.
    failure : str

    Signals
    -------
    updated()
        The numbers changed.
    """

    updated = Signal()

    def __init__(self, data: DatasetModel, playground_state, panel=None, parent=None):
        super().__init__(parent)
        self._data, self._playground, self._panel = data, playground_state, panel
        self.metrics: DatasetMetrics | None = None
        self.sweep: np.ndarray | None = None
        self.summary: DatasetSummary | None = None
        self.failure = ""
        self.computing = False
        self.temperature = playground_state.scene.temperature
        self._job: Job | None = None
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)
        data.dataset_changed.connect(self._on_data_dataset_changed)
        data.label_column_changed.connect(self._on_data_label_column_changed)
        playground_state.scene_changed.connect(self._on_playground_changed)
        self._on_data_dataset_changed(data.dataset)

    def cancel(self) -> None:
        """Stop a running computation (the window closes)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
            self.computing = False

    def _on_data_dataset_changed(self, ds) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.metrics, self.sweep, self.summary, self.failure = None, None, None, ""
        self.computing = ds is not None
        if ds is not None:
            labels = self._data.labels  # the colour-by column's, when it is a metadata one

            def work(_progress, _cancelled):
                m = DatasetMetrics(ds.vectors, labels, sample_size=SAMPLE_SIZE, rng=0)
                return m, m.sweep(DEFAULT_TEMPERATURES)

            self._job = Job(work, "Dataset metrics")
            self._job.finished.connect(self._on_job_finished)
            self._job.failed.connect(self._on_job_failed)
            self._job.start()
        self._publish()

    def _on_data_label_column_changed(self, _column) -> None:
        self._on_data_dataset_changed(self._data.dataset)

    def _on_job_finished(self, result) -> None:
        if self.sender() is not self._job:
            return
        self._job, self.computing = None, False
        self.metrics, self.sweep = result
        self.refresh_now()

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._job, self.computing = None, False
            self.failure = f"Could not compute the metrics: {exc}"
            self._publish()

    def _on_playground_changed(self) -> None:
        tau = self._playground.scene.temperature
        if tau != self.temperature:
            self.temperature = tau
            self._timer.start()

    def refresh_now(self) -> None:
        """Compute the summary at the current τ now (the debounce timer calls this)."""
        self._timer.stop()
        if self.metrics is not None:
            self.summary = self.metrics.summary(self.temperature)
        self._publish()

    def _publish(self) -> None:
        if self._panel is not None:
            status = ""
            if self.summary is None:
                status = "Computing on a random sample…" if self.computing else (
                    self.failure or "Open embeddings to see how they do on the loss."
                )  # fmt: skip
            self._panel.show_metrics(self.temperature, self.summary, self.sweep, status)
        self.updated.emit()
