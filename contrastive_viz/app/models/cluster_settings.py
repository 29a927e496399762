"""Which clustering the explorer runs (off, k-means, HDBSCAN) and its parameters (Qt-free)."""

from __future__ import annotations

from psygnal import Signal

__all__ = ["CLUSTER_METHODS", "ClusterSettings"]

#: "off" or a method of :func:`contrastive_viz.core.clusters.cluster_vectors`.
CLUSTER_METHODS = ("off", "kmeans", "hdbscan")


class ClusterSettings:
    """Clustering method, k and HDBSCAN's minimum cluster size; one signal per field.

    Signals
    -------
    method_changed(str), k_changed(int), min_cluster_size_changed(int)
    """

    method_changed = Signal(str)
    k_changed = Signal(int)
    min_cluster_size_changed = Signal(int)

    def __init__(self) -> None:
        self.method = "off"
        self.k = 10
        self.min_cluster_size = 15

    def _set(self, name: str, value) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)
            getattr(self, f"{name}_changed").emit(value)

    def set_method(self, method: str) -> None:
        """One of :data:`CLUSTER_METHODS`."""
        if method not in CLUSTER_METHODS:
            raise ValueError(f"method must be one of {CLUSTER_METHODS}, got {method!r}")
        self._set("method", method)

    def set_k(self, k: int) -> None:
        """Number of k-means clusters (2–50: the legend's palette has 50 colours)."""
        self._set("k", int(min(max(k, 2), 50)))

    def set_min_cluster_size(self, size: int) -> None:
        """HDBSCAN's smallest cluster (2–10,000)."""
        self._set("min_cluster_size", int(min(max(size, 2), 10_000)))
