"""The explorer's controllers in one object: loading, neighbours, the bridge, metrics."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Signal

from ...core.embeddings import EmbeddingSet
from ...core.projection import Projection
from ..models.explorer import ExplorerModel
from .cluster_controller import ClusterController
from .dataset_loader import DatasetLoader
from .dataset_metrics import MetricsController
from .explorer_wiring import bind_explorer_widget, bind_neighbors_panel
from .jobs import Job
from .map_controller import MapController
from .neighbor_search import NeighborSearch
from .playground_bridge import PlaygroundBridge
from .quality_controller import QualityController
from .send_preview import SendPreview
from .sprite_reading import SpriteReading

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
    prestart_maps : bool, default False
        Start the UMAP worker process (and prepare UMAP) when ``widget`` is first shown.

    Attributes
    ----------
    loader : DatasetLoader
    search : NeighborSearch
    bridge : PlaygroundBridge
    preview : SendPreview
        The roles the next send would give (the neighbours' Role column).
    metrics : MetricsController or None
        None without a ``playground_state``.
    maps : MapController
        UMAP/t-SNE in a worker process.
    quality : QualityController
        Trustworthiness and kNN recall of every map shown.
    clusters : ClusterController
        k-means / HDBSCAN of the original vectors, as the colour-by column "cluster".

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
        prestart_maps: bool = False,
    ):
        super().__init__(parent)
        self.model = model
        self.loader = DatasetLoader(model, self)
        self.maps = MapController(model, prestart_maps, self)
        self.quality = QualityController(model, parent=self)
        self.clusters = ClusterController(model, self)
        self.sprites = SpriteReading(model, self)
        self.search = NeighborSearch(model, self)
        self.bridge = PlaygroundBridge(model, self)
        self.preview = SendPreview(model, self.bridge, self)
        self.metrics = None
        if playground_state is not None:
            self.metrics = MetricsController(model.data, playground_state, dataset_panel, self)
        for source in (self.loader, self.search, self.bridge, self.maps, self.quality,
                       self.clusters):  # fmt: skip
            source.error.connect(self.error)
        self.loader.invalid_rows.connect(self.invalid_rows)
        self.bridge.scene_requested.connect(self.scene_requested)
        if widget is not None:
            bind_explorer_widget(widget, model, self.loader, self.maps, self.clusters)
            if prestart_maps:
                widget.installEventFilter(self)  # warm the map worker on first show
        if neighbors_panel is not None:
            bind_neighbors_panel(neighbors_panel, model, self.bridge)
            self.preview.roles_changed.connect(neighbors_panel.set_planned_roles)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self.maps.warm_up()
        return False

    @property
    def busy(self) -> bool:
        """True while a load, projection, map or clustering job runs."""
        return self.loader.busy or self.maps.busy or self.clusters.busy

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
        """Cancel the running load/projection and map."""
        self.loader.cancel()
        self.maps.cancel()
        self.clusters.cancel()
        self.sprites.cancel()

    def shutdown(self) -> None:
        """Cancel every job and stop the map worker process."""
        self.loader.cancel()
        for part in (self.search, self.bridge, self.quality, self.metrics, self.clusters,
                     self.sprites):  # fmt: skip
            if part is not None:
                part.cancel()
        self.maps.shutdown()
