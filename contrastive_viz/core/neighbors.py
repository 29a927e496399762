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
from collections.abc import Callable, Iterable

import numpy as np
import numpy.typing as npt

__all__ = [
    "cosine_neighbors",
    "cosine_neighbors_of",
    "hardest_negatives",
    "random_negatives",
]

_CHUNK_BYTES = 16 * 2**20

_Mask = Callable[[int, int], "np.ndarray | None"]


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
    data = _as_2d(vectors)
    n = data.shape[0]
    anchor = _check_index(anchor_index, n, "anchor_index")
    if labels is None:
        return cosine_neighbors(data, anchor, k, norms=norms)[0]
    label_array = _check_labels(labels, n)
    anchor_label = label_array[anchor]
    available = int(np.count_nonzero(label_array != anchor_label))

    def mask(start: int, stop: int) -> np.ndarray:
        return label_array[start:stop] != anchor_label

    query = np.asarray(data[anchor])
    return _top_k(data, query, k, norms, None, mask, available)[0]


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


# ----------------------------------------------------------------------------- helpers


def _as_2d(vectors: npt.ArrayLike):
    if not (hasattr(vectors, "shape") and hasattr(vectors, "dtype")):
        vectors = np.asarray(vectors)
    if len(vectors.shape) != 2:  # type: ignore[union-attr]
        raise ValueError(f"vectors must be 2-D (n, d), got shape {vectors.shape}")  # type: ignore[union-attr]
    return vectors


def _check_index(value: object, n: int, name: str) -> int:
    try:
        index = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None
    if not 0 <= index < n:
        raise ValueError(f"{name} {index} is out of range for {n} vectors")
    return index


def _check_k(k: object) -> int:
    try:
        value = operator.index(k)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"k must be an integer, got {k!r}") from None
    if value < 1:
        raise ValueError(f"k must be >= 1, got {value}")
    return value


def _check_labels(labels: npt.ArrayLike, n: int) -> np.ndarray:
    label_array = np.asarray(labels)
    if label_array.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), got {label_array.shape}")
    return label_array


def _chunk_top(sims: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest values, ties at the threshold by lowest position."""
    if sims.size <= k:
        return np.arange(sims.size)
    part = np.argpartition(sims, sims.size - k)[sims.size - k :]
    threshold = sims[part].min()
    above = np.flatnonzero(sims > threshold)
    at = np.flatnonzero(sims == threshold)[: k - above.size]
    return np.concatenate([above, at])


def _top_k(
    data,
    query_vector: npt.ArrayLike,
    k: int,
    norms: npt.ArrayLike | None,
    chunk_rows: int | None,
    mask: _Mask,
    available: int,
) -> tuple[np.ndarray, np.ndarray]:
    n, d = data.shape
    k = min(_check_k(k), available)
    query = np.asarray(query_vector, dtype=np.float64)
    if query.shape != (d,):
        raise ValueError(f"query vector must have shape ({d},), got {query.shape}")
    query_norm = float(np.sqrt(query @ query))
    if not np.isfinite(query_norm) or query_norm == 0:
        raise ValueError("query vector must be finite and non-zero")
    if norms is not None:
        norms = np.asarray(norms)
        if norms.shape != (n,):
            raise ValueError(f"norms must have shape ({n},), got {norms.shape}")
    if chunk_rows is None:
        rows = max(1, _CHUNK_BYTES // (max(d, 1) * np.dtype(data.dtype).itemsize))
    else:
        rows = operator.index(chunk_rows)
        if rows < 1:
            raise ValueError(f"chunk_rows must be >= 1, got {rows}")
    best_index = np.empty(0, dtype=np.int64)
    best_sims = np.empty(0)
    if k == 0:
        return best_index, best_sims
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        allowed = mask(start, stop)
        if allowed is not None and not allowed.any():
            continue
        x = np.asarray(data[start:stop])
        with np.errstate(invalid="ignore", over="ignore"):  # checked just below
            dots = np.einsum("ij,j->i", x, query, dtype=np.float64)
            if norms is None:
                row_norms = np.sqrt(np.einsum("ij,ij->i", x, x, dtype=np.float64))
            else:
                row_norms = norms[start:stop].astype(np.float64)
        finite = np.isfinite(dots) & np.isfinite(row_norms)
        if allowed is not None:
            finite |= ~allowed
        if not finite.all():
            raise ValueError(f"vectors contain NaN or infinite values in rows {start}..{stop - 1}")
        denominator = row_norms * query_norm
        sims = np.divide(dots, denominator, out=np.zeros_like(dots), where=denominator > 0)
        np.clip(sims, -1.0, 1.0, out=sims)
        if allowed is not None:
            sims[~allowed] = -np.inf
        top = _chunk_top(sims, k)
        index = np.concatenate([best_index, top + start])
        values = np.concatenate([best_sims, sims[top]])
        order = np.lexsort((index, -values))[:k]
        best_index, best_sims = index[order], values[order]
    return best_index, best_sims
