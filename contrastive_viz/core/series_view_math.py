"""What the series views draw between steps: interpolation, trails, colour codes (pure numpy).

The series app (``app/models/series.py`` and its views) shows the aligned coordinates of
:func:`contrastive_viz.core.series.align_series` at a fractional *position* on the
timeline: position 2.25 is a quarter of the way from step 2 to step 3. These helpers
are the numbers behind that; they are Qt-free and cheap (one pass over n × c floats).
"""

from __future__ import annotations

import numpy as np

__all__ = ["clamp_position", "interpolate", "step_pair", "trail", "value_codes"]


def clamp_position(position: float, steps: int) -> float:
    """``position`` clipped to ``[0, steps - 1]`` (0 when there are no steps)."""
    if steps <= 0 or not np.isfinite(position):
        return 0.0
    return float(min(max(position, 0.0), steps - 1))


def step_pair(position: float, steps: int) -> tuple[int, int, float]:
    """The steps around ``position`` and the weight of the second.

    Returns ``(i, j, t)`` with ``j = min(i + 1, steps - 1)`` and ``t = position - i``,
    so the shown coordinates are ``(1 - t) * coords[i] + t * coords[j]``.
    """
    p = clamp_position(position, steps)
    i = int(np.floor(p))
    j = min(i + 1, max(steps - 1, 0))
    return i, j, float(p - i) if j != i else 0.0


def interpolate(coords: np.ndarray, position: float, out: np.ndarray | None = None) -> np.ndarray:
    """Linear interpolation of aligned coordinates at a fractional step.

    Parameters
    ----------
    coords : ndarray, shape (steps, n, c)
        Aligned coordinates of every step.
    position : float
        Fractional step index (clipped to the series).
    out : ndarray of float32, shape (n, c), optional
        Written in place and returned (no allocation during an animation).

    Returns
    -------
    ndarray of float32, shape (n, c)
        ``coords[i]`` exactly at an integer position, else
        ``coords[i] + t (coords[i+1] - coords[i])``.
    """
    coords = np.asarray(coords)
    if coords.ndim != 3 or coords.shape[0] == 0:
        raise ValueError(f"coords must have shape (steps, n, c), got {coords.shape}")
    i, j, t = step_pair(position, coords.shape[0])
    if out is None:
        out = np.empty(coords.shape[1:], np.float32)
    if t == 0.0:
        out[...] = coords[i]
        return out
    np.subtract(coords[j], coords[i], out=out)
    out *= np.float32(t)
    out += coords[i]
    return out


def trail(coords: np.ndarray, row: int) -> np.ndarray:
    """The path of point ``row`` over every step, shape (steps, c), float32."""
    coords = np.asarray(coords)
    if not 0 <= row < coords.shape[1]:
        raise IndexError(f"row {row} out of range for {coords.shape[1]} points")
    return np.ascontiguousarray(coords[:, row, :], dtype=np.float32)


def value_codes(values: np.ndarray, levels: int = 64) -> tuple[np.ndarray, float, float]:
    """Quantize per-point values to ``levels`` colour codes over their finite range.

    Returns
    -------
    codes : ndarray of intp, shape (n,)
        In ``0 .. levels - 1``; NaN values get ``levels`` (the "missing" colour).
    lo, hi : float
        The range mapped to codes 0 and ``levels - 1`` (equal values map to 0).
    """
    v = np.asarray(values, np.float64).ravel()
    finite = np.isfinite(v)
    if not finite.any():
        return np.full(v.size, levels, np.intp), 0.0, 0.0
    lo, hi = float(v[finite].min()), float(v[finite].max())
    span = hi - lo
    t = np.zeros(v.size) if span <= 0 else (np.where(finite, v, lo) - lo) / span
    codes = np.rint(t * (levels - 1)).astype(np.intp)
    codes[~finite] = levels
    return codes, lo, hi
