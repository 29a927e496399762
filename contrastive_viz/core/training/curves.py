"""Smoothing of per-step curves for display (a batch's metrics are noisy)."""

from __future__ import annotations

import numpy as np

__all__ = ["smooth"]


def smooth(values, window: int = 50) -> np.ndarray:
    """Trailing moving average over at most ``window`` values (fewer at the start).

    ``out[i] = mean(values[max(0, i - window + 1) : i + 1])``, from a cumulative sum.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return v
    w = max(1, int(window))
    c = np.concatenate([[0.0], np.cumsum(v)])
    i = np.arange(1, v.size + 1)
    lo = np.maximum(0, i - w)
    return (c[i] - c[lo]) / (i - lo)
