"""Which map the explorer shows (PCA, UMAP, t-SNE) and the non-linear maps' parameters."""

from __future__ import annotations

from psygnal import Signal

from ...core.maps import METHODS, MapSpec

__all__ = ["UMAP_METRICS", "MapSettings"]

#: Metrics offered for UMAP (umap-learn names).
UMAP_METRICS = ("cosine", "euclidean", "correlation")


class MapSettings:
    """The projection method and its parameters (Qt-free, one signal per field).

    Signals
    -------
    method_changed(str), n_neighbors_changed(int), min_dist_changed(float),
    metric_changed(str), perplexity_changed(float), seed_changed(int)
    """

    method_changed = Signal(str)
    n_neighbors_changed = Signal(int)
    min_dist_changed = Signal(float)
    metric_changed = Signal(str)
    perplexity_changed = Signal(float)
    seed_changed = Signal(int)

    def __init__(self) -> None:
        self.method = "pca"
        self.n_neighbors = 15
        self.min_dist = 0.1
        self.metric = "cosine"
        self.perplexity = 30.0
        self.seed = 0

    def _set(self, name: str, value) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            getattr(self, f"{name}_changed").emit(value)

    def set_method(self, method: str) -> None:
        """One of ``"pca"``, ``"umap"``, ``"tsne"``."""
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        self._set("method", method)

    def set_n_neighbors(self, n: int) -> None:
        """UMAP neighbours (2–200)."""
        self._set("n_neighbors", int(min(max(n, 2), 200)))

    def set_min_dist(self, value: float) -> None:
        """UMAP min_dist (0–1)."""
        self._set("min_dist", float(min(max(value, 0.0), 1.0)))

    def set_metric(self, metric: str) -> None:
        """One of :data:`UMAP_METRICS`."""
        if metric not in UMAP_METRICS:
            raise ValueError(f"metric must be one of {UMAP_METRICS}, got {metric!r}")
        self._set("metric", metric)

    def set_perplexity(self, value: float) -> None:
        """t-SNE perplexity (2–100)."""
        self._set("perplexity", float(min(max(value, 2.0), 100.0)))

    def set_seed(self, seed: int) -> None:
        """Random seed of the fit and of the sample (≥ 0)."""
        self._set("seed", max(0, int(seed)))

    def spec(self, dims: int) -> MapSpec:
        """The :class:`MapSpec` of the current non-linear method in ``dims`` dimensions."""
        return MapSpec(self.method, dims, self.n_neighbors, self.min_dist, self.metric,
                       self.perplexity, self.seed)  # fmt: skip

    def signals(self) -> tuple:
        """The parameter signals (not ``method_changed``)."""
        return (self.n_neighbors_changed, self.min_dist_changed, self.metric_changed,
                self.perplexity_changed, self.seed_changed)  # fmt: skip
