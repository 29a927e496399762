"""Arithmetic shared by the losses: validated unit vectors, tangent projection, log-sum-exp."""

from __future__ import annotations

import numpy as np

# Norms in this range are computed exactly by x/|x|; outside it the squares may
# overflow or lose digits to underflow, so the row is scaled by its largest entry first.
_SAFE_NORM = (1e-140, 1e140)


def _real_array(x, name: str) -> np.ndarray:
    """``x`` as a float64 array; complex, text and other non-real input is refused."""
    arr = np.asarray(x)
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} is complex; only real vectors are accepted")
    if arr.dtype.kind in "USVMm":
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    try:
        return np.asarray(arr, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold real numbers") from None


def robust_unit_rows(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows divided by their L2 norms, scaling each row by its largest magnitude first.

    The norm of ``[1e308, 1e308]`` overflows and that of ``[1e-200, 0]`` underflows to 0
    when computed directly; dividing the row by its largest ``|x|`` first (exact for the
    direction) avoids both. Returns ``(unit, zero)``: the float64 unit rows (0 where a
    row is all zeros) and the mask of all-zero rows. ``arr`` must be finite.
    """
    arr = np.asarray(arr, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        norms = np.linalg.norm(arr, axis=-1, keepdims=True)
        safe = (norms > _SAFE_NORM[0]) & (norms < _SAFE_NORM[1])
        unit = arr / np.where(safe, norms, 1.0)  # the usual x/|x| where it is exact
        if safe.all():
            return unit, np.zeros(arr.shape[:-1], dtype=bool)
        scale = np.max(np.abs(arr), axis=-1, keepdims=True)
        scaled = arr / np.where(scale > 0, scale, 1.0)
        scaled_norms = np.linalg.norm(scaled, axis=-1, keepdims=True)
        robust = scaled / np.where(scaled_norms > 0, scaled_norms, 1.0)
    unit = np.where(safe, unit, robust)
    return unit, scale[..., 0] == 0


def unit_rows_float32(x) -> np.ndarray:
    """A float32 copy of ``x`` (n, d) with rows scaled to unit length; zero rows stay 0.

    Norms are summed in float64, so rows of 1e20 or of 1e-25 (accepted by the loaders)
    neither overflow to zero nor stay unnormalized; rows too small for a float32
    reciprocal go through :func:`robust_unit_rows`.
    """
    u = np.array(x, dtype=np.float32)
    if u.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d), got shape {u.shape}")
    norms = np.sqrt(np.einsum("ij,ij->i", u, u, dtype=np.float64))
    with np.errstate(divide="ignore"):
        inv = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
    tiny = inv > np.finfo(np.float32).max
    u *= np.where(tiny, 0.0, inv).astype(np.float32)[:, None]
    if tiny.any():
        u[tiny] = robust_unit_rows(np.asarray(x, dtype=np.float64)[tiny])[0]
    return u


def _unit_rows(x, name: str, dim: int | None = None) -> np.ndarray:
    """Validate a (n, d) array of real numbers and return its rows L2-normalized, as float64.

    Any finite non-zero row has a direction, however large or small its entries (see
    :func:`robust_unit_rows`).
    """
    arr = _real_array(x, name)
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
    unit, zero = robust_unit_rows(arr)
    if zero.any():
        raise ValueError(f"{name} row {int(np.argmax(zero))} is a zero vector (no direction)")
    return unit


def _unit_vector(x, name: str, dim: int | None = None) -> np.ndarray:
    arr = _real_array(x, name)
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
