"""UMAP/t-SNE for the explorer: requests from the map settings, a cache, the worker process.

The worker process (:class:`~.map_worker.MapWorker`) is started ahead by
:meth:`MapController.warm_up` (the explorer controller calls it when the explorer is
first shown), and imports and compiles UMAP then ("preparing UMAP…"), so the user's
first UMAP does not pay it, and a session that never opens the explorer never pays
it at all. Results are cached per file
(path, shape) and :class:`~contrastive_viz.core.maps.MapSpec`, so switching back is
instant. Results reach the models on the GUI thread (the worker's signals come from
a GUI-thread timer).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Signal

from ...core.maps import METHOD_NAMES, MapResult, MapSpec, missing_package
from ..models.explorer import ExplorerModel
from .map_worker import MapWorker

__all__ = ["CACHE_SIZE", "MapController"]

#: Maps kept in memory (each n × 3 float32).
CACHE_SIZE = 12


class MapController(QObject):
    """Shows the map the settings ask for: PCA at once, UMAP/t-SNE from the worker.

    Parameters
    ----------
    model : ExplorerModel
    prestart : bool, default False
        Whether :meth:`warm_up` may start the worker ahead of a request.
    parent : QObject, optional

    Attributes
    ----------
    worker : MapWorker

    Signals
    -------
    busy_changed(bool), progress(float, str)
        A map is being computed; its progress.
    status(str)
        What the worker does ahead of use ("preparing UMAP…"), "" when idle.
    error(str, str)
        A map failed or its package is missing (title, message naming the install).
    """

    busy_changed = Signal(bool)
    progress = Signal(float, str)
    status = Signal(str)
    error = Signal(str, str)

    def __init__(self, model: ExplorerModel, prestart: bool = False, parent=None):
        super().__init__(parent)
        self._model = model
        self.prestart = prestart
        self.worker = MapWorker(self)
        self._cache: OrderedDict[tuple, MapResult] = OrderedDict()
        self._pending: tuple | None = None
        self.worker.progress.connect(self._on_worker_progress)
        self.worker.finished.connect(self._on_worker_finished)
        self.worker.failed.connect(self._on_worker_failed)
        self.worker.status.connect(self.status)
        m = model.maps
        m.method_changed.connect(self._on_maps_changed)
        for signal in m.signals():
            signal.connect(self._on_maps_changed)
        model.settings.dims_changed.connect(self._on_maps_changed)
        model.data.dataset_changed.connect(self._on_data_dataset_changed)

    @property
    def busy(self) -> bool:
        """True while a map is computed."""
        return self._pending is not None

    def _key(self, spec: MapSpec) -> tuple:
        ds = self._model.data.dataset
        return (str(ds.path), ds.n, ds.d, ds.dropped, id(ds.vectors), spec)

    def cached(self, spec: MapSpec) -> MapResult | None:
        """The cached map of the current dataset for ``spec``, or None."""
        if self._model.data.dataset is None:
            return None
        return self._cache.get(self._key(spec))

    def warm_up(self) -> None:
        """Start the worker process ahead and prepare UMAP in it (with ``prestart``;
        nothing when it already runs)."""
        if not self.prestart or self.worker.alive:
            return
        if missing_package("umap") is None:
            self.worker.prepare("umap")
        else:
            self.worker.start()

    # ------------------------------------------------------------ requests
    def _on_data_dataset_changed(self, ds) -> None:
        self._cancel_job()
        if ds is not None and self._model.maps.method != "pca":
            self.request()

    def _on_maps_changed(self, *_args) -> None:
        if self._model.data.dataset is not None:
            self.request()

    def request(self) -> None:
        """Show the map the settings ask for (from the cache, or compute it)."""
        data, maps = self._model.data, self._model.maps
        if data.dataset is None:
            return
        if maps.method == "pca":
            self._cancel_job()
            data.set_map(None)
            return
        problem = missing_package(maps.method)
        if problem is not None:
            self.error.emit(f"{METHOD_NAMES[maps.method]} is not installed", problem)
            maps.set_method(data.method)
            return
        spec = maps.spec(self._model.settings.dims)
        key = self._key(spec)
        if key in self._cache:
            self._cancel_job()
            self._cache.move_to_end(key)
            data.set_map(self._cache[key])
            return
        if key == self._pending:
            return
        was_busy = self.busy
        self._pending = key
        self.worker.submit(data.dataset.vectors, spec)
        if not was_busy:
            self.busy_changed.emit(True)
        first = "preparing " if maps.method not in self.worker.prepared else ""
        self.progress.emit(0.0, f"{first}{METHOD_NAMES[maps.method]}…".capitalize()
                           if first else f"{spec.describe()}…")  # fmt: skip

    def cancel(self) -> None:
        """Stop the running map; the settings go back to the map shown."""
        if self._pending is None:
            return
        self._cancel_job()
        self.progress.emit(0.0, "Cancelled")
        self._model.maps.set_method(self._model.data.method)

    def shutdown(self) -> None:
        """Stop the worker process (the window is closing)."""
        self._pending = None
        self.worker.shutdown()

    def _cancel_job(self) -> None:
        if self._pending is not None:
            self._pending = None
            self.worker.cancel()
            self.busy_changed.emit(False)

    # ------------------------------------------------------------- worker
    def _on_worker_progress(self, _job: int, fraction: float, message: str) -> None:
        if self._pending is not None:
            self.progress.emit(fraction, message)

    def _on_worker_finished(self, _job: int, result: MapResult) -> None:
        key, self._pending = self._pending, None
        if key is None:
            return
        self._cache[key] = result
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.busy_changed.emit(False)
        ds = self._model.data.dataset
        if ds is not None and key == self._key(key[-1]) and len(result.coords) == ds.n:
            self._model.data.set_map(result)

    def _on_worker_failed(self, _job: int, message: str) -> None:
        if self._pending is None:
            return
        self._pending = None
        self.busy_changed.emit(False)
        method = self._model.maps.method
        self._model.maps.set_method(self._model.data.method)
        self.error.emit(f"{METHOD_NAMES.get(method, method)} failed", message)
