"""Exact k nearest cosine neighbours of every row, streamed in tiles (private).

Two stages, so that the answer is exact and deterministic while the bulk of the work
is a float32 BLAS product:

1. **Candidates (float32).** Query rows in chunks of ``_QUERY`` against database
   blocks of ``_BLOCK`` rows of the same array, both L2-normalized in float32. Each
   tile keeps, per query row, the ``m = k + max(k, 8)`` largest similarities: the
   first tiles by ``argpartition``, later ones only look at the entries above the
   row's current m-th best (one comparison pass; few entries pass). The self pair
   is excluded.
2. **Exact re-ranking (float64).** The similarity of a pair is defined as
   ``s(i, j) = sum(x_i * x_j) / (|x_i| |x_j|)`` in float64 with numpy's pairwise
   summation over the d products, each norm computed the same way, clipped to
   [-1, 1], and 0 when a row is zero. It depends only on the two rows, so identical
   rows tie exactly; ties are broken by the LOWER row index. The m candidates are
   re-ranked by ``(-s, index)`` and the first k kept.

Proof of exactness: a float32 similarity is within ``eps32 = 2 (d + 8) 2^-24`` of the
true cosine (rounding of the normalization and of a d-term dot product of unit
vectors), so every row that was not kept has ``s <= t + eps32``, ``t`` the smallest
kept float32 value. When the k-th re-ranked ``s`` exceeds ``t + eps32`` no row left out
can be among the k. Rows where it does not (many near-ties, e.g. duplicates) are
redone against every row: a float64 BLAS pass keeps every row within ``2 eps64`` of
the k-th, and those are re-ranked with ``s``. Memory: O(_QUERY x _BLOCK) per tile plus
the (n, k) result; the array is read in chunks, never copied whole.
"""

from __future__ import annotations

import numpy as np

from .errors import _check_cancel

_QUERY = 1024  # query rows per chunk
_TILE_BYTES = 32 * 2**20  # one float32 similarity tile
_RERANK_ROWS = 128  # query rows re-ranked at a time
_FALLBACK_BYTES = 32 * 2**20


def _norms64(x, rows: int) -> np.ndarray:
    n = x.shape[0]
    out = np.empty(n)
    for start in range(0, n, rows):
        block = np.asarray(x[start : start + rows], dtype=np.float64)
        out[start : start + rows] = np.sqrt((block * block).sum(axis=1))
    if not np.isfinite(out).all():
        bad = int(np.flatnonzero(~np.isfinite(out))[0])
        raise ValueError(f"row {bad + 1} holds NaN or infinite values (or values too large)")
    return out


def _unit32(x, start: int, stop: int, inv: np.ndarray) -> np.ndarray:
    scale = inv[start:stop]
    if (scale > 1e30).any():  # 1/|x| beyond float32: scale in float64
        return (np.asarray(x[start:stop], dtype=np.float64) * scale[:, None]).astype(np.float32)
    block = np.array(x[start:stop], dtype=np.float32)
    block *= scale.astype(np.float32)[:, None]
    return block


def _exact_sims(x, norms: np.ndarray, query: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """``s(query[i], cand[i, j])`` (see the module docstring), float64 (q, m)."""
    xq = _read(x, query, np.float64)
    xc = _read(x, cand.ravel(), np.float64)
    dots = (xq[:, None, :] * xc.reshape(*cand.shape, -1)).sum(axis=2)
    denom = norms[query][:, None] * norms[cand]
    sims = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    return np.clip(sims, -1.0, 1.0, out=sims)


def _top_by_exact(x, norms, query, cand, k) -> tuple[np.ndarray, np.ndarray]:
    sims = _exact_sims(x, norms, query, cand)
    order = np.lexsort((cand, -sims), axis=-1)[:, :k]
    return np.take_along_axis(cand, order, 1), np.take_along_axis(sims, order, 1)


def _merge_dense(best_v, best_i, vals, idx, m):
    v = np.concatenate([best_v, vals], axis=1)
    i = np.concatenate([best_i, idx], axis=1)
    part = np.argpartition(v, v.shape[1] - m, axis=1)[:, v.shape[1] - m :]
    return np.take_along_axis(v, part, 1), np.take_along_axis(i, part, 1)


def _merge_sparse(best_v, best_i, rows, vals, idx, m):
    """Merge a few hits (``rows`` ascending, as ``np.nonzero`` gives them) into the best m."""
    hit, first, counts = np.unique(rows, return_index=True, return_counts=True)
    width = m + int(counts.max())
    rank = np.arange(rows.size) - np.repeat(first, counts)
    pos = np.repeat(np.arange(hit.size), counts)
    v = np.full((hit.size, width), -np.inf, dtype=best_v.dtype)
    i = np.full((hit.size, width), -1, dtype=best_i.dtype)
    v[:, :m], i[:, :m] = best_v[hit], best_i[hit]
    v[pos, m + rank], i[pos, m + rank] = vals, idx
    part = np.argpartition(v, width - m, axis=1)[:, width - m :]
    best_v[hit] = np.take_along_axis(v, part, 1)
    best_i[hit] = np.take_along_axis(i, part, 1)


def _absorb(best_v, best_i, sims, offset: int, m: int):
    """Merge the columns of ``sims`` (database rows from ``offset``) into the best m."""
    rows, cols = np.nonzero(sims > best_v.min(axis=1)[:, None])
    if rows.size == 0:
        return best_v, best_i
    q, w = sims.shape
    if rows.size > 4 * m * q and w > m:  # many: argpartition the whole slice
        part = np.argpartition(sims, w - m, axis=1)[:, w - m :]
        vals = np.take_along_axis(sims, part, 1)
        return _merge_dense(best_v, best_i, vals, part + offset, m)
    _merge_sparse(best_v, best_i, rows, sims[rows, cols], cols + offset, m)
    return best_v, best_i


def _slices(width: int, m: int, first: bool) -> list[tuple[int, int]]:
    """Column slices of a tile: geometric (4m, 16m, ...) in the first tile, else one."""
    if not first:
        return [(0, width)]
    edges, edge = [0], 4 * m
    while edge < width:
        edges.append(edge)
        edge *= 4
    return list(zip(edges, [*edges[1:], width], strict=True))


def _read(x, rows: np.ndarray, dtype) -> np.ndarray:
    """``x[rows]`` for any row order, read in sorted order (memmap friendly)."""
    order = np.argsort(rows, kind="stable")
    out = np.empty((rows.size, x.shape[1]), dtype=dtype)
    out[order] = np.asarray(x[rows[order]], dtype=dtype)
    return out


def _candidates(x, inv, query, m, block, cancelled, allowed):
    """float32 top-m candidates (values, indices) of the rows ``query``."""
    n = x.shape[0]
    q = _read(x, query, np.float64) * inv[query][:, None]
    q = q.astype(np.float32)
    best_v = np.full((query.size, m), -np.inf, dtype=np.float32)
    best_i = np.full((query.size, m), -1, dtype=np.int64)
    for bs in range(0, n, block):
        _check_cancel(cancelled)
        be = min(bs + block, n)
        sims = q @ _unit32(x, bs, be, inv).T
        inside = np.flatnonzero((query >= bs) & (query < be))
        sims[inside, query[inside] - bs] = -np.inf  # the self pairs
        if allowed is not None:
            sims[:, ~allowed[bs:be]] = -np.inf
        for a, b in _slices(be - bs, m, bs == 0):
            best_v, best_i = _absorb(best_v, best_i, sims[:, a:b], bs + a, m)
    return best_v, best_i


def _fallback(x, norms, rows: np.ndarray, k: int, block: int, cancelled, allowed=None):
    """Exact neighbours of a few rows against every row (float64 BLAS, then ``s``)."""
    n, d = x.shape
    eps64 = 8 * (d + 8) * 2.0**-53
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    batch = max(1, _FALLBACK_BYTES // (8 * n))
    out = np.empty((rows.size, k), dtype=np.int64)
    for start in range(0, rows.size, batch):
        part = rows[start : start + batch]
        xq = _read(x, part, np.float64) * inv[part][:, None]
        sims = np.empty((part.size, n))
        for bs in range(0, n, block):
            _check_cancel(cancelled)
            xb = np.asarray(x[bs : bs + block], dtype=np.float64) * inv[bs : bs + block, None]
            sims[:, bs : bs + block] = xq @ xb.T
        sims[np.arange(part.size), part] = -np.inf
        if allowed is not None:
            sims[:, ~allowed] = -np.inf
        kth = np.partition(sims, n - k, axis=1)[:, n - k]
        for j, row in enumerate(part):
            cand = np.flatnonzero(sims[j] >= kth[j] - 2 * eps64)
            cand = cand[(cand != row) & np.isfinite(sims[j, cand])]
            out[start + j] = _top_of_many(x, norms, int(row), cand, k)
    return out


def _top_of_many(x, norms, row: int, cand: np.ndarray, k: int) -> np.ndarray:
    """The k best of any number of candidates of one row, by ``(-s, index)``."""
    step = max(k, _FALLBACK_BYTES // (8 * x.shape[1]))
    best_i, best_s = np.empty(0, np.int64), np.empty(0)
    query = np.array([row])
    for start in range(0, cand.size, step):
        part = cand[None, start : start + step]
        sims = _exact_sims(x, norms, query, part)[0]
        i = np.concatenate([best_i, part[0]])
        s = np.concatenate([best_s, sims])
        order = np.lexsort((i, -s))[:k]
        best_i, best_s = i[order], s[order]
    return best_i


class _Setup:
    """What every pass over ``x`` shares: sizes, float64 norms, the float32 margin."""

    def __init__(self, x, k: int, available: int):
        n, d = x.shape
        if not 1 <= k <= available:
            raise ValueError(f"k must be between 1 and n - 1 = {available}, got {k}")
        self.x, self.k, self.available = x, k, available
        self.query = min(_QUERY, n)
        self.block = max(1, min(n, _TILE_BYTES // (4 * self.query), _TILE_BYTES // (4 * d)))
        self.norms = _norms64(x, max(1, _TILE_BYTES // (8 * d)))
        self.inv = np.divide(1.0, self.norms, out=np.zeros_like(self.norms), where=self.norms > 0)
        self.m = min(available, k + max(k, 8))
        self.eps32 = 2 * (d + 8) * 2.0**-24

    def rows(self, query: np.ndarray, cancelled, allowed=None) -> tuple[np.ndarray, list]:
        """Neighbours of the rows ``query`` and the rows that need the exact fallback."""
        x, k, m = self.x, self.k, self.m
        best_v, best_i = _candidates(x, self.inv, query, m, self.block, cancelled, allowed)
        t32 = best_v.min(axis=1).astype(np.float64)
        out = np.empty((query.size, k), dtype=np.int64)
        redo: list = []
        for rs in range(0, query.size, _RERANK_ROWS):
            re = min(rs + _RERANK_ROWS, query.size)
            top, sims = _top_by_exact(x, self.norms, query[rs:re], best_i[rs:re], k)
            out[rs:re] = top
            if m < self.available:
                redo.extend(np.flatnonzero(sims[:, k - 1] <= t32[rs:re] + self.eps32) + rs)
        return out, redo

    def fix(self, out, query, redo, cancelled, allowed=None) -> None:
        if redo:
            at = np.asarray(redo, dtype=np.int64)
            x, norms, k, block = self.x, self.norms, self.k, self.block
            out[at] = _fallback(x, norms, query[at], k, block, cancelled, allowed)


def exact_knn(x, k: int, span, cancelled) -> np.ndarray:
    """Row indices (n, k) of each row's k nearest cosine neighbours, self excluded.

    Sorted by decreasing similarity ``s``, ties by lower index (see the module
    docstring). ``span(fraction)`` reports progress; ``cancelled`` is polled per tile.
    """
    n = x.shape[0]
    setup = _Setup(x, k, n - 1)
    out = np.empty((n, k), dtype=np.int32 if n < 2**31 else np.int64)
    for qs in range(0, n, setup.query):
        query = np.arange(qs, min(qs + setup.query, n))
        found, redo = setup.rows(query, cancelled)
        setup.fix(found, query, redo, cancelled)
        out[query] = found
        span(query[-1] / n)
    span(1.0)
    return out


def knn_among(x, query: np.ndarray, allowed: np.ndarray, k: int, cancelled) -> np.ndarray:
    """Exact k nearest neighbours of the rows ``query`` among the ``allowed`` rows.

    Self excluded, ties by lower index; (len(query), k) int64.
    """
    setup = _Setup(x, k, int(np.count_nonzero(allowed)) - 1)
    out = np.empty((query.size, k), dtype=np.int64)
    for qs in range(0, query.size, setup.query):
        part = query[qs : qs + setup.query]
        found, redo = setup.rows(part, cancelled, allowed)
        setup.fix(found, part, redo, cancelled, allowed)
        out[qs : qs + part.size] = found
    return out
