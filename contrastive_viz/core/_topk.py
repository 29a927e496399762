"""Streamed top-k by cosine similarity: the engine of :mod:`.neighbors` (private)."""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

_CHUNK_BYTES = 16 * 2**20
_Mask = Callable[[int, int], "np.ndarray | None"]


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
