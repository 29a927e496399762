"""The explorer's controllers in one object: loading, neighbours, the bridge, metrics."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal

from ...core.embeddings import EmbeddingSet
from ...core.projection import Projection
from ..models.explorer import ExplorerModel
from .dataset_loader import DatasetLoader
from .dataset_metrics import MetricsController
from .explorer_wiring import bind_explorer_widget, bind_neighbors_panel
from .jobs import Job
from .neighbor_search import NeighborSearch
from .playground_bridge import PlaygroundBridge

__all__ = ["ExplorerController"]


class ExplorerController(QObject):
    """Creates the explorer's controllers and wires the given views to the model.

    Parameters
    ----------
    model : ExplorerModel
    playground_state : PlaygroundModel, optional
        Needed for the dataset metrics (its temperature).
    widget : ExplorerWidget, optional
    neighbors_panel : NeighborsPanel, optional
    dataset_panel : DatasetPanel, optional
    parent : QObject, optional

    Attributes
    ----------
    loader : DatasetLoader
    search : NeighborSearch
    bridge : PlaygroundBridge
    metrics : MetricsController or None
        None without a ``playground_state``.

    Signals
    -------
    error(str, str)
        Any of the controllers failed (title, message).
    invalid_rows(str, object, object, int)
        See :class:`DatasetLoader`.
    scene_requested(object)
        A playground scene built from real vectors.
    """

    error = Signal(str, str)
    invalid_rows = Signal(str, object, object, int)
    scene_requested = Signal(object)

    def __init__(
        self,
        model: ExplorerModel,
        playground_state=None,
        widget=None,
        neighbors_panel=None,
        dataset_panel=None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.loader = DatasetLoader(model, self)
        self.search = NeighborSearch(model, self)
        self.bridge = PlaygroundBridge(model, self)
        self.metrics = None
        if playground_state is not None:
            self.metrics = MetricsController(model.data, playground_state, dataset_panel, self)
        for source in (self.loader, self.search, self.bridge):
            source.error.connect(self.error)
        self.loader.invalid_rows.connect(self.invalid_rows)
        self.bridge.scene_requested.connect(self.scene_requested)
        if widget is not None:
            bind_explorer_widget(widget, model, self.loader)
        if neighbors_panel is not None:
            bind_neighbors_panel(neighbors_panel, model, self.bridge)

    @property
    def busy(self) -> bool:
        """True while a load or projection job runs."""
        return self.loader.busy

    def open(
        self, path: str | os.PathLike, metadata=None, drop_invalid: bool = False, key=None
    ) -> Job:
        """Load and project ``path`` in a background job (see :meth:`DatasetLoader.open`)."""
        return self.loader.open(path, metadata, drop_invalid, key)

    def open_demo(self) -> Job:
        """Load the built-in digits demo set in a background job."""
        return self.loader.open_demo()

    def set_dataset(self, dataset: EmbeddingSet, projection: Projection | None = None) -> None:
        """Install a dataset synchronously."""
        self.loader.set_dataset(dataset, projection)

    def cancel(self) -> None:
        """Cancel the running load/projection."""
        self.loader.cancel()
