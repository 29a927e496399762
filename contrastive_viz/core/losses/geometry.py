"""Alignment and uniformity of embeddings on the sphere (Wang & Isola, ICML 2020)."""

from __future__ import annotations

import numpy as np

from .numerics import _check_batch, _log_sum_exp
from .temperature import _is_real


def _positive(value, name: str) -> float:
    """``value`` as a float when it is a finite real number > 0, else ValueError."""
    if not _is_real(value) or not (np.isfinite(float(value)) and float(value) > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def alignment(x, y, alpha: float = 2) -> float:
    """Alignment of positive pairs (Wang & Isola, ICML 2020).

    ``align = mean_i |x_i - y_i|^alpha`` on the L2-normalized rows. For
    ``alpha = 2`` this equals ``2 - 2 mean_i cos(x_i, y_i)``. Lower is better.
    """
    a = _check_batch(x, "x")
    b = _check_batch(y, "y")
    if a.shape != b.shape:
        raise ValueError(f"x and y must have the same shape, got {a.shape} and {b.shape}")
    alpha = _positive(alpha, "alpha")
    return float(np.mean(np.linalg.norm(a - b, axis=1) ** alpha))


def uniformity(x, t: float = 2, block: int = 2048) -> float:
    """Uniformity of a set of points (Wang & Isola, ICML 2020).

    ``log mean_{i<j} exp(-t |x_i - x_j|^2)`` on the L2-normalized rows,
    computed with log-sum-exp in blocks, so memory stays O(block * n). It is 0
    for a collapsed set and about -2.08 for points spread uniformly on S^2
    with ``t = 2``. Lower is more uniform.
    """
    u = _check_batch(x, "x")
    n = u.shape[0]
    if n < 2:
        raise ValueError("uniformity needs at least 2 points")
    t = _positive(t, "t")
    parts = []
    for start in range(0, n - 1, block):
        rows = u[start : start + block]
        sq = np.clip(2.0 - 2.0 * rows @ u.T, 0.0, None)
        i = np.arange(start, start + rows.shape[0])[:, None]
        upper = np.arange(n)[None, :] > i
        vals = np.where(upper, -t * sq, -np.inf)
        keep = upper.any(axis=1)
        parts.append(_log_sum_exp(vals[keep]))
    total = _log_sum_exp(np.concatenate(parts)[None, :])[0]
    return float(total - np.log(n * (n - 1) / 2))
