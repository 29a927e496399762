"""Cosine neighbours of the selected point, computed when the selection or k changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ...core.neighbors import cosine_neighbors
from ..models.explorer import ExplorerModel
from .jobs import Job

__all__ = ["NeighborSearch"]


class NeighborSearch(QObject):
    """Sets ``selection.neighbors`` for the selection, in a job for big sets.

    Parameters
    ----------
    model : ExplorerModel
    parent : QObject, optional

    Signals
    -------
    error(str, str)
        The background search failed (title, message).
    """

    error = Signal(str, str)

    #: Above this many points, neighbours are computed in a background job.
    ASYNC_NEIGHBORS_ABOVE = 200_000

    def __init__(self, model: ExplorerModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model
        self._job: Job | None = None
        model.data.dataset_changed.connect(self._on_data_dataset_changed)
        # Last: every listener sees the new selection before its neighbours arrive.
        model.selection.selected_changed.connect(self._on_selection_selected_changed, priority=-10)
        model.settings.k_changed.connect(self._on_settings_k_changed)

    def _on_data_dataset_changed(self, _dataset) -> None:
        self.cancel()

    def _on_selection_selected_changed(self, _index) -> None:
        self._search()

    def _on_settings_k_changed(self, _k: int) -> None:
        if self._model.selection.selected is not None:
            self._search()

    def cancel(self) -> None:
        """Stop a running search (a new selection, or the window closes)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _search(self) -> None:
        self.cancel()
        ds, sel = self._model.data.dataset, self._model.selection
        index, k = sel.selected, self._model.settings.k
        if index is None or ds is None:
            sel.set_neighbors(None)
            return
        if ds.n <= self.ASYNC_NEIGHBORS_ABOVE:
            sel.set_neighbors(cosine_neighbors(ds.vectors, index, k, norms=ds.norms))
            return
        sel.set_neighbors(None)  # the old neighbours are gone
        job = Job(lambda _p, _c: (index, cosine_neighbors(ds.vectors, index, k, norms=ds.norms)))
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        self._job = job.start()

    def _on_job_finished(self, result) -> None:
        if self.sender() is not self._job:
            return
        self._job = None
        index, neighbors = result
        if index == self._model.selection.selected:
            self._model.selection.set_neighbors(neighbors)

    def _on_job_failed(self, exc: BaseException) -> None:
        if self.sender() is self._job:
            self._job = None
            self.error.emit("Neighbours failed", str(exc))
