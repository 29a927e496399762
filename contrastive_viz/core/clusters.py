"""Clusters of the original vectors (cosine geometry) and their names.

:func:`cluster_vectors` runs k-means (scikit-learn's ``MiniBatchKMeans``) or HDBSCAN
(``sklearn.cluster.HDBSCAN``) on the L2-normalized vectors, so Euclidean distance
there ranks pairs as cosine similarity does. Above :data:`KMEANS_SAMPLE` /
:data:`HDBSCAN_SAMPLE` points the clusters are found on a seeded random sample and
every other point joins the cluster with the nearest centroid (cosine), so no point
is left out (HDBSCAN may still call sampled points noise, ``-1``).

:func:`cluster_names` names each cluster by its majority label and purity
("C3: mostly 7 · 92%") or, with a text column, by its most distinctive frequent
words. scikit-learn is imported lazily, inside the functions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "HDBSCAN_SAMPLE",
    "KMEANS",
    "HDBSCAN",
    "KMEANS_SAMPLE",
    "NOISE_NAME",
    "cluster_names",
    "cluster_vectors",
    "normalized_rows",
    "point_names",
]

KMEANS, HDBSCAN = "kmeans", "hdbscan"
#: k-means is fitted on at most this many points (the rest: nearest centroid).
KMEANS_SAMPLE = 50_000
#: HDBSCAN is fitted on at most this many points (the rest: nearest cluster centroid);
#: HDBSCAN on 10,000 × 768 took 188 s on 2 cores, on 3,000 × 768 19 s.
HDBSCAN_SAMPLE = 3_000
#: Name of HDBSCAN's noise points.
NOISE_NAME = "noise"
_CHUNK = 16_384
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    "the and for are but not you all any can had her was one our out has him his how its "
    "may new now old see two who did get let say she too use with this that from they have "
    "were been will would there their what when which your than then them into more some "
    "such only also very just over after about other these those could should".split()
)


def normalized_rows(vectors: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """float32 copy of ``vectors[rows]`` (all rows if None) with every row of norm 1."""
    x = np.asarray(vectors[rows] if rows is not None else vectors, dtype=np.float32)
    x = np.array(x, dtype=np.float32, copy=True)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x /= np.where(norms > 0, norms, 1.0)
    return x


def _nearest_centroid(vectors, centroids: np.ndarray, tick, lo: float) -> np.ndarray:
    """Index of the nearest (cosine) centroid of every row, in chunks."""
    n = vectors.shape[0]
    c = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    out = np.empty(n, dtype=np.int32)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        out[start:stop] = np.argmax(normalized_rows(vectors[start:stop]) @ c.T, axis=1)
        tick(lo + (1.0 - lo) * stop / n, "assigning points to clusters")
    return out


def cluster_vectors(
    vectors: np.ndarray,
    method: str = KMEANS,
    k: int = 10,
    min_cluster_size: int = 15,
    seed: int = 0,
    progress: Callable[..., None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Cluster of every row of ``vectors``, found in cosine geometry.

    Parameters
    ----------
    vectors : ndarray, shape (n, d)
        The original vectors (may be a memory map; read in chunks).
    method : {"kmeans", "hdbscan"}
    k : int
        Number of k-means clusters (clamped to [1, n]).
    min_cluster_size : int
        HDBSCAN's smallest cluster (at least 2).
    seed : int
        Seed of k-means and of the sample.
    progress : callable, optional
        ``progress(fraction, message)``.
    cancelled : callable, optional
        Checked between the steps and chunks; when it returns True the function stops
        and returns None.

    Returns
    -------
    ndarray of int32, shape (n,), or None
        Cluster ids 0..m-1 (HDBSCAN: -1 for noise); None when cancelled.
    """
    if method not in (KMEANS, HDBSCAN):
        raise ValueError(f"method must be {KMEANS!r} or {HDBSCAN!r}, got {method!r}")
    n = int(vectors.shape[0])
    if n == 0:
        return np.zeros(0, dtype=np.int32)

    def tick(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise _Stop
        if progress is not None:
            progress(fraction, message)

    try:
        limit = KMEANS_SAMPLE if method == KMEANS else HDBSCAN_SAMPLE
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(n, limit, replace=False)) if n > limit else None
        tick(0.0, "normalizing vectors")
        x = normalized_rows(vectors, sample)
        tick(0.2, f"{'k-means' if method == KMEANS else 'HDBSCAN'} on {x.shape[0]:,} points")
        if method == KMEANS:
            from sklearn.cluster import MiniBatchKMeans  # lazy: scikit-learn is slow

            kk = int(min(max(k, 1), x.shape[0]))
            km = MiniBatchKMeans(kk, random_state=seed, n_init=3, batch_size=2048)
            fitted = km.fit_predict(x).astype(np.int32)
            centroids = km.cluster_centers_
        else:
            from sklearn.cluster import HDBSCAN as _HDBSCAN  # lazy

            size = int(min(max(min_cluster_size, 2), max(2, x.shape[0])))
            fitted = _HDBSCAN(min_cluster_size=size, copy=True).fit_predict(x).astype(np.int32)
            ids = np.unique(fitted[fitted >= 0])
            centroids = np.array([x[fitted == c].mean(axis=0) for c in ids]).reshape(-1, x.shape[1])
        tick(0.8, "assigning points to clusters")
        if sample is None:
            return fitted
        if centroids.shape[0] == 0:
            out = np.full(n, -1, dtype=np.int32)
        else:
            out = _nearest_centroid(vectors, centroids, tick, 0.8)
            if method == HDBSCAN:
                out = ids[out].astype(np.int32)
        out[sample] = fitted
        return out
    except _Stop:
        return None


class _Stop(Exception):
    """Internal: ``cancelled()`` returned True."""


def _terms(texts: Sequence[str], members: np.ndarray, doc_freq: Counter, m: int) -> str:
    counts: Counter = Counter()
    for i in members[:5000]:
        counts.update(set(w for w in _WORD.findall(str(texts[i]).lower()) if w not in _STOP))
    if not counts:
        return "no words"
    scored = sorted(counts, key=lambda w: (-counts[w] * np.log1p(m / doc_freq[w]), w))
    return " ".join(scored[:3])


def cluster_names(
    assignment: np.ndarray, labels: Sequence[str] | None = None,
    texts: Sequence[str] | None = None,
) -> dict[int, str]:  # fmt: skip
    """A name for every cluster id in ``assignment`` (noise, -1, is :data:`NOISE_NAME`).

    Parameters
    ----------
    assignment : ndarray of int, shape (n,)
    labels : sequence of str, optional
        The points' labels: a cluster is named "C<id>: mostly <label> · <purity>%",
        purity being the share of its points with its most common label (ties: the
        label that sorts first).
    texts : sequence of str, optional
        A text column: takes precedence over labels; a cluster is named by its three
        most distinctive words (frequency in the cluster, weighted down when the word
        is common to many clusters).

    Returns
    -------
    dict of int to str
        Names are unique (each starts with the cluster's id).
    """
    a = np.asarray(assignment)
    ids = [int(c) for c in np.unique(a)]
    members = {c: np.flatnonzero(a == c) for c in ids}
    names: dict[int, str] = {}
    doc_freq: Counter = Counter()
    if texts is not None:
        for c in ids:
            words: set = set()
            for i in members[c][:5000]:
                words.update(_WORD.findall(str(texts[i]).lower()))
            doc_freq.update(words)
    for c in ids:
        if c < 0:
            names[c] = NOISE_NAME
            continue
        head = f"C{c + 1}"
        if texts is not None:
            names[c] = f"{head}: {_terms(texts, members[c], doc_freq, len(ids))}"
        elif labels is not None:
            counts = Counter(labels[i] for i in members[c])
            best = min(counts, key=lambda v: (-counts[v], v))
            purity = 100 * counts[best] / members[c].size
            names[c] = f"{head}: mostly {best} · {purity:.0f}%"
        else:
            names[c] = f"{head} ({members[c].size:,})"
    return names


def point_names(assignment: np.ndarray, names: dict[int, str]) -> list[str]:
    """The name of each point's cluster (a text column for colour-by)."""
    return [names[int(c)] for c in np.asarray(assignment)]
