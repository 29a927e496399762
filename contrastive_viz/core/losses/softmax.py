"""Softmax losses for one anchor: InfoNCE, SupCon (L_out), and the loss over many temperatures."""

from __future__ import annotations

import numpy as np

from .numerics import _log_sum_exp_parts, _prepare, _real_array, _unit_vector
from .result import LossResult, _result
from .temperature import check_temperature, check_temperatures


def supcon_anchor(anchor, positives, negatives, temperature: float) -> LossResult:
    """Supervised contrastive loss (L_out, Khosla et al. 2020) for one anchor.

    ``L = mean_p [ -log( exp(s_p/tau) / sum_{a != anchor} exp(s_a/tau) ) ]``:
    the denominator runs over every positive and negative, so the other
    positives stay in it. With one positive this is exactly :func:`info_nce`.

    Parameters
    ----------
    anchor : array_like, shape (d,)
    positives : array_like, shape (P, d), P >= 1
    negatives : array_like, shape (K, d), K >= 1
    temperature : float
        ``tau > 0``.

    Returns
    -------
    LossResult
    """
    tau = check_temperature(temperature)
    a, others, n_pos, sims = _prepare(anchor, positives, negatives)
    logits = sims / tau
    m, r = _log_sum_exp_parts(logits)
    probs = np.exp(logits - (m[0] + r[0]))
    # lse - mean(l_p) as (m - mean(l_p)) + r: exact to the last digit when tiny.
    loss = (m[0] - logits[:n_pos].mean()) + r[0]
    target = np.zeros_like(sims)
    target[:n_pos] = 1.0 / n_pos
    dl_ds = (probs - target) / tau
    kind = "info_nce" if n_pos == 1 else "supcon"
    return _result(kind, a, others, n_pos, sims, dl_ds, loss, logits, probs, temperature=tau)


def info_nce(anchor, positive, negatives, temperature: float) -> LossResult:
    """InfoNCE for one anchor, one positive and K negatives.

    ``L = -log( exp(s+/tau) / sum_k exp(s_k/tau) )`` with ``k`` over the
    positive and the negatives; every vector is L2-normalized first.

    Parameters
    ----------
    anchor, positive : array_like, shape (d,), d >= 2
    negatives : array_like, shape (K, d), K >= 1
    temperature : float
        ``tau > 0``, finite.

    Returns
    -------
    LossResult
        ``similarities``, ``logits``, ``probabilities``, ``loss``,
        ``grad_anchor`` (tangent at the anchor) and ``negative_weights``
        (``softmax(s_n/tau)`` over the negatives alone).

    Raises
    ------
    ValueError
        On zero or non-finite vectors, mismatched dimensions, an empty set of
        negatives, or a temperature that is not finite and > 0.
    """
    a = _unit_vector(anchor, "anchor")
    p = _unit_vector(positive, "positive", a.size)
    return supcon_anchor(a, p[None, :], negatives, temperature)


def temperature_sweep(similarities, n_positives: int, temperatures) -> np.ndarray:
    """The softmax loss (InfoNCE, or SupCon for several positives) at many temperatures.

    Parameters
    ----------
    similarities : array_like, shape (P + K,)
        Cosines with the positives first, as in :attr:`LossResult.similarities`.
    n_positives : int
        ``P``.
    temperatures : array_like, shape (m,)

    Returns
    -------
    ndarray, shape (m,)
        ``lse(s/tau) - mean_p(s_p/tau)`` for each temperature, computed
        without cancellation.

    Raises
    ------
    ValueError
        If a similarity is NaN or infinite, ``n_positives`` is not in
        ``[1, P + K - 1]``, or a temperature is refused by :func:`check_temperature`.
    """
    s = _real_array(similarities, "similarities")
    if s.ndim != 1 or s.size < 2:
        raise ValueError(f"similarities must be a 1-D array of >= 2 values, got shape {s.shape}")
    if not np.isfinite(s).all():
        bad = int(np.argmin(np.isfinite(s)))
        raise ValueError(f"similarities[{bad}] is {s[bad]!r}; every similarity must be finite")
    if isinstance(n_positives, (bool, np.bool_)) or not isinstance(n_positives, (int, np.integer)):
        raise ValueError(f"n_positives must be an integer, got {n_positives!r}")
    if not 1 <= n_positives < s.size:
        raise ValueError(f"n_positives must lie in [1, {s.size - 1}], got {n_positives}")
    taus = check_temperatures(temperatures)
    logits = s[None, :] / taus[:, None]
    m, r = _log_sum_exp_parts(logits)
    return (m - logits[:, :n_positives].mean(axis=1)) + r
