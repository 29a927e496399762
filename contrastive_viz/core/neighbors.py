"""Nearest neighbours by cosine similarity in the original space, streamed over rows.

All functions take an (n, d) array or a read-only ``np.memmap`` and read it in row
chunks, so the file never has to fit in memory. Similarities are computed in float64
with one fixed summation order per row (``np.einsum``, not a BLAS kernel whose order
can depend on a row's position), so equal rows get bit-identical similarities and ties
are broken deterministically by the lower index.

Conventions: cos(x, q) = x.q / (|x| |q|), clipped to [-1, 1]; a zero row has
similarity 0 to everything. When fewer candidates than ``k`` exist, all of them are
returned (so the result may be shorter than ``k``).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from ._topk import _as_2d, _check_index, _check_k, _check_labels, _top_k

__all__ = [
    "cosine_neighbors",
    "cosine_neighbors_of",
    "hardest_negatives",
    "label_neighbors",
    "random_negatives",
]


def cosine_neighbors(
    vectors: npt.ArrayLike,
    query_index: int,
    k: int = 10,
    norms: npt.ArrayLike | None = None,
    exclude_self: bool = True,
    chunk_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows most cosine-similar to row ``query_index``.

    Parameters
    ----------
    vectors : array_like, shape (n, d)
        Vectors in their original space (a memmap is streamed, not copied).
    query_index : int
        Row used as the query, ``0 <= query_index < n``.
    k : int, default 10
        Number of neighbours (fewer if fewer candidates exist).
    norms : array_like, shape (n,), optional
        Precomputed L2 norm of each row (e.g. ``EmbeddingSet.norms``).
    exclude_self : bool, default True
        Leave ``query_index`` itself out of the result.
    chunk_rows : int, optional
        Rows per chunk (default about 16 MB of data).

    Returns
    -------
    indices : ndarray of int64, shape (k,)
    similarities : ndarray of float64, shape (k,)
        Sorted by decreasing similarity, ties by increasing index.
    """
    data = _as_2d(vectors)
    index = _check_index(query_index, data.shape[0], "query_index")
    query = np.asarray(data[index])
    exclude = [index] if exclude_self else None
    return cosine_neighbors_of(data, query, k, norms=norms, exclude=exclude, chunk_rows=chunk_rows)


def cosine_neighbors_of(
    vectors: npt.ArrayLike,
    query_vector: npt.ArrayLike,
    k: int = 10,
    norms: npt.ArrayLike | None = None,
    exclude: Iterable[int] | None = None,
    chunk_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows most cosine-similar to an arbitrary query vector.

    Parameters
    ----------
    vectors : array_like, shape (n, d)
    query_vector : array_like, shape (d,)
        Must be finite and non-zero.
    k : int, default 10
    norms : array_like, shape (n,), optional
        Precomputed row norms.
    exclude : iterable of int, optional
        Row indices never returned.
    chunk_rows : int, optional

    Returns
    -------
    indices : ndarray of int64, shape (k,)
    similarities : ndarray of float64, shape (k,)
        Sorted by decreasing similarity, ties by increasing index.
    """
    data = _as_2d(vectors)
    n = data.shape[0]
    excluded = np.unique([_check_index(i, n, "exclude") for i in (exclude or ())])
    excluded = excluded.astype(np.int64)

    def mask(start: int, stop: int) -> np.ndarray | None:
        inside = excluded[(excluded >= start) & (excluded < stop)]
        if inside.size == 0:
            return None
        allowed = np.ones(stop - start, dtype=bool)
        allowed[inside - start] = False
        return allowed

    return _top_k(data, query_vector, k, norms, chunk_rows, mask, n - excluded.size)


def hardest_negatives(
    vectors: npt.ArrayLike,
    labels: npt.ArrayLike | None,
    anchor_index: int,
    k: int,
    norms: npt.ArrayLike | None = None,
) -> np.ndarray:
    """The ``k`` points most cosine-similar to the anchor among those of another label.

    Parameters
    ----------
    vectors : array_like, shape (n, d)
    labels : array_like, shape (n,), or None
        Label of each row; None treats every other row as a negative.
    anchor_index : int
    k : int
    norms : array_like, shape (n,), optional

    Returns
    -------
    ndarray of int64, shape (k,)
        Sorted by decreasing similarity (ties by index); shorter than ``k`` when fewer
        rows have a different label.
    """
    return label_neighbors(vectors, labels, anchor_index, k, norms, same_label=False)


def label_neighbors(
    vectors: npt.ArrayLike,
    labels: npt.ArrayLike | None,
    anchor_index: int,
    k: int,
    norms: npt.ArrayLike | None = None,
    same_label: bool = False,
    exclude: Iterable[int] = (),
) -> np.ndarray:
    """The ``k`` rows nearest the anchor (cosine) among those with its label, or another.

    ``same_label`` picks rows sharing the anchor's label (positives), else rows with
    another label (negatives). Without labels every other row is a candidate. The
    anchor and the ``exclude`` rows are never returned. Sorted by decreasing
    similarity, ties by index; shorter than ``k`` when fewer candidates exist.
    """
    data = _as_2d(vectors)
    n = data.shape[0]
    anchor = _check_index(anchor_index, n, "anchor_index")
    banned = np.unique([anchor, *(_check_index(i, n, "exclude") for i in exclude)])
    if labels is None:
        query = np.asarray(data[anchor])
        return cosine_neighbors_of(data, query, k, norms, banned.tolist())[0]
    label_array = _check_labels(labels, n)
    anchor_label = label_array[anchor]

    def mask(start: int, stop: int) -> np.ndarray:
        allowed = (label_array[start:stop] == anchor_label) == same_label
        inside = banned[(banned >= start) & (banned < stop)]
        allowed[inside - start] = False
        return allowed

    candidates = (label_array == anchor_label) == same_label
    available = int(np.count_nonzero(candidates)) - int(np.count_nonzero(candidates[banned]))
    return _top_k(data, np.asarray(data[anchor]), k, norms, None, mask, available)[0]


def random_negatives(
    n: int,
    labels: npt.ArrayLike | None,
    anchor_index: int,
    k: int,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """``k`` distinct random rows whose label differs from the anchor's.

    Parameters
    ----------
    n : int
        Number of rows.
    labels : array_like, shape (n,), or None
        None allows any row other than the anchor.
    anchor_index : int
    k : int
    rng : numpy Generator, int seed or None

    Returns
    -------
    ndarray of int64, shape (k,)
        Drawn without replacement, in random order; all candidates (shuffled) when
        there are fewer than ``k``.
    """
    n = operator.index(n)
    anchor = _check_index(anchor_index, n, "anchor_index")
    k = _check_k(k)
    if labels is None:
        candidates = np.delete(np.arange(n, dtype=np.int64), anchor)
    else:
        label_array = _check_labels(labels, n)
        candidates = np.flatnonzero(label_array != label_array[anchor]).astype(np.int64)
    generator = np.random.default_rng(rng)
    return generator.choice(candidates, size=min(k, candidates.size), replace=False)
