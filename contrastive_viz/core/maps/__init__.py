"""Non-linear maps of embeddings: UMAP (umap-learn) and t-SNE (scikit-learn), Qt-free.

:func:`~.fit.fit_map` computes one map; the app runs it in a worker PROCESS
(:mod:`.worker`), because umap-learn's numba kernels hold the GIL and ``import umap``
alone takes about 17 s on 2 cores. Above :data:`UMAP_SAMPLE` (UMAP) or
:data:`TSNE_SAMPLE` (t-SNE) points the map is fitted on a random sample of that size;
the other rows are placed with the fitted model's ``transform`` (UMAP) or at the mean
of their :data:`PLACE_K` nearest sampled neighbours (cosine; t-SNE has no
``transform``). Every row gets finite coordinates.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "METHODS",
    "METHOD_NAMES",
    "PLACE_K",
    "TSNE_SAMPLE",
    "UMAP_SAMPLE",
    "MapResult",
    "MapSpec",
    "install_hint",
    "missing_package",
]

#: The projection choices, in menu order.
METHODS = ("pca", "umap", "tsne")
#: Display names.
METHOD_NAMES = {"pca": "PCA", "umap": "UMAP", "tsne": "t-SNE"}
#: UMAP is fitted on a random sample of this many points above this size.
UMAP_SAMPLE = 50_000
#: t-SNE likewise (it has no ``transform`` and costs minutes even at 10k).
TSNE_SAMPLE = 20_000
#: Rows outside a t-SNE sample sit at the mean of this many nearest sampled rows.
PLACE_K = 5

_PACKAGES = {"umap": ("umap", "umap-learn", "contrastive-viz[umap]"),
             "tsne": ("sklearn", "scikit-learn", "scikit-learn")}  # fmt: skip


@dataclass(frozen=True)
class MapSpec:
    """What to compute: the method, its parameters and the seed (hashable: a cache key).

    Attributes
    ----------
    method : str
        ``"umap"`` or ``"tsne"``.
    dims : int
        2 or 3 output dimensions.
    n_neighbors, min_dist, metric
        UMAP's main parameters (defaults 15, 0.1, ``"cosine"``).
    perplexity : float
        t-SNE's (default 30; lowered to ``(n - 1) / 3`` for tiny sets).
    seed : int
        Random state of the fit and of the sample.
    sample_size : int or None
        Fit on a random sample above this many points (None: the method's default).
    """

    method: str = "umap"
    dims: int = 2
    n_neighbors: int = 15
    min_dist: float = 0.1
    metric: str = "cosine"
    perplexity: float = 30.0
    seed: int = 0
    sample_size: int | None = None

    @property
    def sample_limit(self) -> int:
        """The sample size used above which the fit samples."""
        if self.sample_size is not None:
            return int(self.sample_size)
        return UMAP_SAMPLE if self.method == "umap" else TSNE_SAMPLE

    def describe(self) -> str:
        """``"UMAP (15 neighbours, min_dist 0.1, cosine, seed 0)"``."""
        if self.method == "umap":
            return (f"UMAP ({self.n_neighbors} neighbours, min_dist {self.min_dist:g}, "
                    f"{self.metric}, seed {self.seed})")  # fmt: skip
        return f"t-SNE (perplexity {self.perplexity:g}, cosine, seed {self.seed})"


@dataclass(frozen=True, eq=False)
class MapResult:
    """A computed map.

    Attributes
    ----------
    coords : ndarray of float32, shape (n, dims)
        Finite coordinates of every row.
    spec : MapSpec
    sample : ndarray of int64 or None
        Rows the map was fitted on (None: every row).
    seconds : float
        Time of the computation in the worker.
    placed_by : str
        How rows outside the sample were placed (``""``, ``"transform"``, ``"neighbours"``).
    """

    coords: np.ndarray
    spec: MapSpec
    sample: np.ndarray | None = None
    seconds: float = 0.0
    placed_by: str = ""
    notes: tuple[str, ...] = field(default=())

    def note(self) -> str:
        """What was done, for the status line (states the sample size)."""
        n = len(self.coords)
        name = METHOD_NAMES[self.spec.method]
        if self.sample is None:
            return f"{name} of all {n:,} points"
        how = "UMAP transform" if self.placed_by == "transform" else (
            f"the mean of their {PLACE_K} nearest sampled neighbours")  # fmt: skip
        return (f"{name} fitted on a random sample of {self.sample.size:,} of {n:,} points; "
                f"the other {n - self.sample.size:,} placed by {how}")  # fmt: skip


def missing_package(method: str) -> str | None:
    """None if ``method`` can run here, else a message naming the install command."""
    if method not in _PACKAGES:
        return None
    module, dist, extra = _PACKAGES[method]
    if importlib.util.find_spec(module) is not None:
        return None
    return f"{METHOD_NAMES[method]} needs the {dist} package: {install_hint(extra)}"


def install_hint(extra: str) -> str:
    """``pip install 'contrastive-viz[umap]'``-style command."""
    return f"pip install '{extra}'"
