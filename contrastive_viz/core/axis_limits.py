"""Round axis limits that stay put while the data still fits them (Qt-free)."""

from __future__ import annotations

import numpy as np


def nice_top(needed: float, current: float) -> float:
    """A round upper y limit >= ``needed``, kept while it still fits well.

    Changing the range regenerates the axis, so small changes during a drag keep it.
    """
    if 0.6 * current <= needed <= current:
        return current
    base = 10.0 ** np.floor(np.log10(needed))
    return float(
        next(m * base for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * base >= needed)
    )


def robust_range(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y ranges holding all but the outer 0.1 % of the points on each side.

    A 20k subsample places the edges (fast for millions of points); degenerate
    ranges are widened by 1 on each side.
    """
    step = max(1, len(x) // 20_000)
    xy = np.stack([x[::step], y[::step]]).astype(np.float64)
    lo, hi = np.percentile(xy, [0.1, 99.9], axis=1)
    if not np.all(hi > lo):
        lo, hi = lo - 1.0, hi + 1.0
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def enclosing_sphere(coords: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre (the mean) and radius holding 99 % of the points, for framing a 3-D view.

    Uses every ``n // 100_000``-th point; a zero radius becomes 1.
    """
    center = coords.mean(axis=0, dtype=np.float64)
    step = max(1, coords.shape[0] // 100_000)
    radius = float(np.percentile(np.linalg.norm(coords[::step] - center, axis=1), 99))
    return center, radius if radius > 0 else 1.0
