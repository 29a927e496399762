"""Arithmetic shared by the losses: validated unit vectors, tangent projection, log-sum-exp."""

from __future__ import annotations

import numpy as np


def _unit_rows(x, name: str, dim: int | None = None) -> np.ndarray:
    """Validate a (n, d) array and return its rows L2-normalized, as float64."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of vectors, got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: at least one vector is needed")
    if arr.shape[1] < 2:
        raise ValueError(f"{name} must have dimension d >= 2, got d={arr.shape[1]}")
    if dim is not None and arr.shape[1] != dim:
        raise ValueError(f"{name} has dimension {arr.shape[1]}, but the anchor has dimension {dim}")
    finite = np.isfinite(arr).all(axis=1)
    if not finite.all():
        raise ValueError(f"{name} row {int(np.argmin(finite))} has NaN or infinite values")
    norms = np.linalg.norm(arr, axis=1)
    if (norms == 0).any():
        raise ValueError(f"{name} row {int(np.argmin(norms))} is a zero vector (no direction)")
    return arr / norms[:, None]


def _unit_vector(x, name: str, dim: int | None = None) -> np.ndarray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got shape {arr.shape}")
    return _unit_rows(arr[None, :], name, dim)[0]


def _tangent(vectors: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Project each row of ``vectors`` onto the tangent plane at the matching row of ``at``."""
    return vectors - np.sum(vectors * at, axis=-1, keepdims=True) * at


def _log_sum_exp_parts(logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise log-sum-exp as ``(m, r)`` with ``lse = m + r``.

    ``m`` is the row maximum and ``r = log1p(sum of the other exp(l - m))``, so
    a loss ``lse - l_target`` can be formed as ``(m - l_target) + r`` without
    cancellation when it is tiny. ``-inf`` entries (masked) are allowed.
    """
    logits = np.atleast_2d(logits)
    idx = np.argmax(logits, axis=1)
    rows = np.arange(logits.shape[0])
    m = logits[rows, idx]
    e = np.exp(logits - m[:, None])
    e[rows, idx] = 0.0
    return m, np.log1p(e.sum(axis=1))


def _log_sum_exp(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-sum-exp (see :func:`_log_sum_exp_parts`)."""
    m, r = _log_sum_exp_parts(logits)
    return m + r


def _prepare(anchor, positives, negatives):
    a = _unit_vector(anchor, "anchor")
    p = _unit_rows(positives, "positives", a.size)
    n = _unit_rows(negatives, "negatives", a.size)
    others = np.vstack([p, n])
    return a, others, p.shape[0], others @ a


def _check_batch(x, name: str) -> np.ndarray:
    return _unit_rows(x, name)
