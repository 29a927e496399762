"""Closed-form bounds of the softmax losses (InfoNCE, SupCon) for one anchor.

See docs/architecture.md, "Maths conventions", section "Bounds". With ``K`` negatives,
``P`` positives and cosines in ``[-1, 1]``:

* all similarities equal: ``L = log(P + K)``, i.e. ``log(K + 1)`` for InfoNCE
  (also the limit as ``tau -> inf``);
* best case (every positive at ``s = 1``, every negative at ``s = -1``):
  ``L = log(P + K e^(-2/tau))``, i.e. ``log(1 + K e^(-2/tau))`` for InfoNCE;
* worst case (positives at ``-1``, negatives at ``+1``):
  ``L = log(P e^(-2/tau) + K) + 2/tau``;
* the mutual-information bound of InfoNCE: ``I >= log(K + 1) - L``.

Pure numpy: every function accepts a scalar or an array of temperatures.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mutual_information_bound", "softmax_bounds"]


def _check_counts(k: int, n_positives: int) -> tuple[int, int]:
    if int(k) != k or k < 1:
        raise ValueError(f"the number of negatives K must be an integer >= 1, got {k!r}")
    if int(n_positives) != n_positives or n_positives < 1:
        raise ValueError(f"the number of positives must be an integer >= 1, got {n_positives!r}")
    return int(k), int(n_positives)


def softmax_bounds(k: int, tau, n_positives: int = 1) -> dict:
    """Bounds of the InfoNCE / SupCon loss for ``K`` negatives at temperature ``tau``.

    Parameters
    ----------
    k : int
        ``K >= 1``, the number of negatives.
    tau : float or array_like
        Temperature(s), finite and > 0.
    n_positives : int, optional
        ``P >= 1``; 1 for InfoNCE.

    Returns
    -------
    dict
        ``"all_equal"``: ``log(P + K)`` (``log(K+1)`` for InfoNCE), the loss when
        every similarity is equal and the limit as ``tau -> inf``;
        ``"best"``: ``log(P + K e^(-2/tau))``, the smallest possible loss;
        ``"worst"``: ``log(P e^(-2/tau) + K) + 2/tau``, the largest possible loss.
        ``"best"`` and ``"worst"`` have the shape of ``tau`` (a float for a
        scalar); ``"all_equal"`` is a float.

    Raises
    ------
    ValueError
        If ``k`` or ``n_positives`` is not an integer >= 1, or a temperature is
        not finite and > 0.
    """
    k, p = _check_counts(k, n_positives)
    t = np.asarray(tau, dtype=np.float64)
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise ValueError(f"temperatures must be finite and > 0, got {tau!r}")
    q = np.exp(-2.0 / t)  # in [0, 1): no overflow at any temperature
    best = np.log(p) + np.log1p((k / p) * q)
    worst = np.log(k) + np.log1p((p / k) * q) + 2.0 / t
    if t.ndim == 0:
        best, worst = float(best), float(worst)
    return {"all_equal": float(np.log(p + k)), "best": best, "worst": worst}


def mutual_information_bound(k: int, loss):
    """The InfoNCE lower bound on mutual information, ``log(K + 1) - L``, in nats.

    Parameters
    ----------
    k : int
        ``K >= 1``, the number of negatives.
    loss : float or array_like
        The InfoNCE loss value(s).

    Returns
    -------
    float or ndarray
        ``log(K + 1) - loss``; negative when the loss is above chance level.
    """
    k, _ = _check_counts(k, 1)
    value = np.log1p(k) - np.asarray(loss, dtype=np.float64)
    return float(value) if value.ndim == 0 else value
