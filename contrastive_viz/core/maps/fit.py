"""Fit one UMAP or t-SNE map (runs in the worker process; Qt-free, imports lazily)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ..losses.numerics import unit_rows_float32
from . import PLACE_K, MapResult, MapSpec

__all__ = ["WARMUP_ROWS", "fit_map", "place_by_neighbors", "prepare", "prepare_more"]

Progress = Callable[[float, str], None]
_CHUNK = 2048


def _quiet(_fraction: float, _message: str) -> None:
    pass


#: Rows of the second warm-up fit (:func:`prepare_more`): above umap-learn's 4,096-row
#: "small data" limit, below which it takes exact neighbours and never compiles
#: pynndescent's NN-descent kernels (those were then compiled inside the user's first
#: real fit of 4,096 rows or more: 6-14 s of a 10k x 768 fit here).
WARMUP_ROWS = 4_200


def prepare(method: str) -> None:
    """Import the method's package and compile its kernels on a tiny fit (UMAP: ~1 min once)."""
    x = np.random.default_rng(0).standard_normal((60, 8)).astype(np.float32)
    if method == "umap":
        import umap

        model = umap.UMAP(n_neighbors=5, n_epochs=20, metric="cosine", random_state=0)
        model.fit(x)  # the small-data path: exact neighbours
        model.transform(x[:5])
    elif method == "tsne":
        from sklearn.manifold import TSNE  # noqa: F401


def prepare_more(method: str) -> None:
    """After :func:`prepare`, compile what only bigger fits use (UMAP: NN-descent, on a
    :data:`WARMUP_ROWS`-row fit; 1-2 min). Not compiled ahead even here: the NN-descent
    *query* behind ``transform`` of a big model, which only maps above
    :data:`~contrastive_viz.core.maps.UMAP_SAMPLE` points use; their first placement pays it.
    """
    if method == "umap":
        import umap

        x = np.random.default_rng(1).standard_normal((WARMUP_ROWS, 8)).astype(np.float32)
        umap.UMAP(n_neighbors=5, n_epochs=20, metric="cosine", random_state=0).fit(x)


def place_by_neighbors(sample_vectors, sample_coords, rest_vectors, k: int = PLACE_K,
                       progress: Progress = _quiet) -> np.ndarray:  # fmt: skip
    """Mean map position of each row's ``k`` nearest sampled rows (cosine similarity).

    Parameters
    ----------
    sample_vectors : ndarray, shape (s, d)
    sample_coords : ndarray, shape (s, m)
    rest_vectors : ndarray, shape (r, d)
    k : int

    Returns
    -------
    ndarray of float32, shape (r, m)
    """
    s_unit = unit_rows_float32(sample_vectors)
    coords = np.asarray(sample_coords, dtype=np.float64)
    k = min(int(k), len(s_unit))
    r = len(rest_vectors)
    out = np.empty((r, coords.shape[1]), np.float32)
    for start in range(0, r, _CHUNK):
        stop = min(r, start + _CHUNK)
        sims = unit_rows_float32(rest_vectors[start:stop]) @ s_unit.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        out[start:stop] = coords[top].mean(axis=1)
        progress(stop / max(r, 1), "Placing the other points…")
    return out


def _fit_umap(x: np.ndarray, spec: MapSpec):
    import umap

    model = umap.UMAP(n_components=spec.dims, n_neighbors=min(spec.n_neighbors, len(x) - 1),
                      min_dist=spec.min_dist, metric=spec.metric,
                      random_state=spec.seed)  # fmt: skip
    return model, model.fit_transform(x)


def _fit_tsne(x: np.ndarray, spec: MapSpec) -> np.ndarray:
    from sklearn.manifold import TSNE

    perplexity = min(spec.perplexity, max(1.0, (len(x) - 1) / 3))
    method = "barnes_hut" if spec.dims <= 3 else "exact"
    tsne = TSNE(n_components=spec.dims, perplexity=perplexity, metric="cosine", init="pca",
                random_state=spec.seed, method=method)  # fmt: skip
    return tsne.fit_transform(unit_rows_float32(x))


def fit_map(vectors: np.ndarray, spec: MapSpec, progress: Progress = _quiet) -> MapResult:
    """UMAP or t-SNE of every row of ``vectors`` (fitted on a sample above the limit).

    Parameters
    ----------
    vectors : ndarray, shape (n, d)
    spec : MapSpec
    progress : callable, optional
        ``progress(fraction, message)``; the fit itself reports only its start (the
        libraries give no progress), sampling and placement report as they go.

    Returns
    -------
    MapResult
        Finite float32 coordinates for every row.
    """
    t0 = time.perf_counter()
    n = len(vectors)
    if n < 4:
        raise ValueError(f"{spec.method.upper()} needs at least 4 points, got {n}")
    if spec.method not in ("umap", "tsne"):
        raise ValueError(f"unknown map method {spec.method!r}")
    sample = None
    if n > spec.sample_limit:
        rng = np.random.default_rng(spec.seed)
        sample = np.sort(rng.choice(n, spec.sample_limit, replace=False))
    fit_rows = np.asarray(vectors if sample is None else vectors[sample], dtype=np.float32)
    label = "UMAP" if spec.method == "umap" else "t-SNE"
    where = "" if sample is None else f" (on a sample of {len(fit_rows):,})"
    progress(0.05, f"{label} of {len(fit_rows):,} points{where}…")
    coords = np.empty((n, spec.dims), np.float32)
    placed_by = ""
    if spec.method == "umap":
        model, fitted = _fit_umap(fit_rows, spec)
    else:
        model, fitted = None, _fit_tsne(fit_rows, spec)
    if sample is None:
        coords[:] = fitted
    else:
        coords[sample] = fitted
        rest = np.setdiff1d(np.arange(n), sample)
        if model is not None:
            placed_by = "transform"
            for start in range(0, rest.size, 20 * _CHUNK):
                part = rest[start : start + 20 * _CHUNK]
                coords[part] = model.transform(np.asarray(vectors[part], np.float32))
                progress(0.7 + 0.3 * (start + part.size) / rest.size, "Placing the other points…")
        else:
            placed_by = "neighbours"
            coords[rest] = place_by_neighbors(fit_rows, fitted, vectors[rest], PLACE_K,
                                              lambda f, m: progress(0.7 + 0.3 * f, m))  # fmt: skip
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():  # e.g. UMAP's transform of a point with no neighbours: place it anyway
        good = np.flatnonzero(~bad)
        coords[bad] = place_by_neighbors(vectors[good], coords[good], vectors[bad])
    progress(1.0, "Done")
    return MapResult(coords, spec, sample, time.perf_counter() - t0, placed_by)
