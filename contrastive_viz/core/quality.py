"""How faithfully a 2-D/3-D map keeps the neighbourhoods of the original vectors (Qt-free).

Two figures, both exact on the points given and computed in row chunks (memory
``O(chunk · n)``, never ``n × n``):

:func:`trustworthiness`
    Venna & Kaski's trustworthiness at k, equal to
    ``sklearn.manifold.trustworthiness(X, Y, n_neighbors=k, metric="cosine")``: the
    map's k nearest neighbours (Euclidean) that are NOT among the k nearest in the
    original space (cosine) are penalised by how far down the original ranking they
    sit. 1 = no intruders.
:func:`knn_recall`
    Per point, the fraction of its k nearest cosine neighbours in ``X`` that are also
    among its k nearest Euclidean neighbours in ``Y`` (the point itself excluded).

Ties are broken by the lower index in both spaces (scikit-learn's ``argsort`` breaks
them arbitrarily, so exact equality with it holds for data without tied distances).

:func:`quality_sample` picks the random sample the app measures on above
:data:`QUALITY_SAMPLE` points (both figures then use neighbours among the sample's
points only, in both spaces) and :func:`measure` returns both figures together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .losses.numerics import unit_rows_float32

__all__ = [
    "QUALITY_SAMPLE",
    "Quality",
    "knn_recall",
    "measure",
    "quality_sample",
    "trustworthiness",
]

#: The app measures on a random sample of this many points above this size: 5,000
#: keeps both figures of a 768-d, 1M-point map under 5 s on 2 cores (see the README).
QUALITY_SAMPLE = 5_000
_CHUNK_ELEMENTS = 4_000_000  # about 16 MB of float32 distances per chunk


def _check(x, y, k: int) -> tuple[np.ndarray, np.ndarray, int]:
    u = unit_rows_float32(x)
    v = np.asarray(y, dtype=np.float64)
    if v.ndim != 2 or v.shape[0] != u.shape[0]:
        raise ValueError(f"Y must be (n, m) with n = {u.shape[0]}, got shape {v.shape}")
    k = int(k)
    if not 1 <= k < u.shape[0] - 1:
        raise ValueError(f"k must be in [1, n - 2] = [1, {u.shape[0] - 2}], got {k}")
    return u, v, k


def _chunks(n: int, width: int):
    rows = max(1, _CHUNK_ELEMENTS // max(width, 1))
    for start in range(0, n, rows):
        yield start, min(n, start + rows)


def _cosine_distances(u: np.ndarray, start: int, stop: int) -> np.ndarray:
    """float64 (stop - start, n) cosine distances of rows start:stop, self = +inf."""
    d = 1.0 - (u[start:stop] @ u.T).astype(np.float64)
    np.maximum(d, 0.0, out=d)
    d[np.arange(stop - start), np.arange(start, stop)] = np.inf
    return d


def _euclidean_distances(v: np.ndarray, start: int, stop: int) -> np.ndarray:
    """float64 (stop - start, n) squared Euclidean distances, self = +inf."""
    diff = v[start:stop, None, :] - v[None, :, :]
    d = np.einsum("ijk,ijk->ij", diff, diff)
    d[np.arange(stop - start), np.arange(start, stop)] = np.inf
    return d


def _top_k(d: np.ndarray, k: int) -> np.ndarray:
    """Per row, the k smallest columns (ties by lower column), sorted by distance."""
    part = np.argpartition(d, k, axis=1)[:, : k + 1]
    vals = np.take_along_axis(d, part, axis=1)
    order = np.lexsort((part, vals), axis=1)[:, :k]
    top = np.take_along_axis(part, order, axis=1)
    # A value tied with the k-th beyond the partition: resolve by index, exactly.
    kth = np.take_along_axis(d, top[:, -1:], axis=1)
    tied = np.count_nonzero(d <= kth, axis=1) > k
    for r in np.flatnonzero(tied):
        row = d[r]
        top[r] = np.lexsort((np.arange(row.size), row))[:k]
    return top


def _map_neighbors(v: np.ndarray, k: int) -> np.ndarray:
    n = v.shape[0]
    out = np.empty((n, k), dtype=np.int64)
    for start, stop in _chunks(n, n * max(1, v.shape[1])):
        out[start:stop] = _top_k(_euclidean_distances(v, start, stop), k)
    return out


def _both(u: np.ndarray, v: np.ndarray, k: int, want_trust: bool = True):
    """(trustworthiness penalty sum, per-point recall) in one chunked pass."""
    n = u.shape[0]
    nn_y = _map_neighbors(v, k)
    recall = np.empty(n)
    penalty = 0.0
    cols = np.arange(n)
    for start, stop in _chunks(n, n * (k if want_trust else 1)):
        d = _cosine_distances(u, start, stop)
        js = nn_y[start:stop]  # (c, k) the map's neighbours
        nn_x = _top_k(d, k)
        kept = (js[:, :, None] == nn_x[:, None, :]).any(axis=2)
        recall[start:stop] = kept.sum(axis=1) / k
        if not want_trust:
            continue
        rows, pos = np.nonzero(~kept)  # intruders: rank > k in the cosine order
        if rows.size == 0:
            continue
        drow, j = d[rows], js[rows, pos]
        dij = drow[np.arange(rows.size), j][:, None]
        # 1-based rank of j in its row's cosine order, ties by lower index
        before = (drow < dij) | ((drow == dij) & (cols[None, :] < j[:, None]))
        penalty += float((np.count_nonzero(before, axis=1) + 1 - k).sum())
    return penalty, recall


def trustworthiness(X: npt.ArrayLike, Y: npt.ArrayLike, k: int = 10) -> float:
    """Trustworthiness of the map ``Y`` of ``X`` at ``k`` (cosine in X, Euclidean in Y).

    Parameters
    ----------
    X : array_like, shape (n, d)
        The original vectors.
    Y : array_like, shape (n, m)
        Their map (2 or 3 columns).
    k : int, default 10
        Neighbours, ``1 <= k <= n - 2`` (scikit-learn asks ``k < n / 2``).

    Returns
    -------
    float
        In [0, 1]; ``sklearn.manifold.trustworthiness(X, Y, n_neighbors=k,
        metric="cosine")`` on data without tied distances.
    """
    u, v, k = _check(X, Y, k)
    return _trust(_both(u, v, k)[0], u.shape[0], k)


def _trust(penalty: float, n: int, k: int) -> float:
    return float(1.0 - penalty * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))))


def knn_recall(X: npt.ArrayLike, Y: npt.ArrayLike, k: int = 10) -> np.ndarray:
    """Per point, the share of its k cosine neighbours in ``X`` kept among its k in ``Y``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The original vectors (cosine similarity; zero rows are orthogonal to all).
    Y : array_like, shape (n, m)
        Their map (Euclidean distance).
    k : int, default 10
        Neighbours, ``1 <= k <= n - 2``; each point itself is excluded in both spaces.

    Returns
    -------
    ndarray of float64, shape (n,)
        Values in {0, 1/k, ..., 1}.
    """
    u, v, k = _check(X, Y, k)
    return _both(u, v, k, want_trust=False)[1]


def quality_sample(n: int, size: int = QUALITY_SAMPLE, seed: int = 0) -> np.ndarray | None:
    """Sorted random rows to measure on when ``n > size``, else None (all points)."""
    if n <= size:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size, replace=False))


@dataclass(frozen=True)
class Quality:
    """Both figures of one map.

    Attributes
    ----------
    k : int
    trustworthiness : float
    mean_recall : float
    recall : ndarray of float64, shape (n,)
        Per point; NaN for points outside the sample ("not measured").
    sample : ndarray of int64 or None
        The rows measured (None: every point).
    """

    k: int
    trustworthiness: float
    mean_recall: float
    recall: np.ndarray
    sample: np.ndarray | None

    @property
    def measured(self) -> int:
        """Number of points measured."""
        return int(self.recall.size if self.sample is None else self.sample.size)

    def sentence(self, method: str) -> str:
        """``"UMAP keeps 74 % of each point's 10 neighbours"``-style summary."""
        return f"{method} keeps {100 * self.mean_recall:.0f} % of each point's {self.k} neighbours"


def measure(X, Y, k: int = 10, size: int = QUALITY_SAMPLE, seed: int = 0) -> Quality:
    """Trustworthiness and kNN recall of ``Y``, on a random sample above ``size`` points."""
    n = len(Y)
    sample = quality_sample(n, size, seed)
    xs = X if sample is None else np.asarray(X[sample])
    ys = np.asarray(Y)[:, :] if sample is None else np.asarray(Y)[sample]
    u, v, k = _check(xs, ys, min(int(k), len(ys) - 2))
    penalty, rec = _both(u, v, k)
    recall = rec if sample is None else np.full(n, np.nan)
    if sample is not None:
        recall[sample] = rec
    return Quality(k, _trust(penalty, len(ys), k), float(rec.mean()), recall, sample)
