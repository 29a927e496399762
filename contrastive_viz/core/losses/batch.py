"""Losses of a whole batch: NT-Xent (SimCLR) and supervised contrastive (SupCon)."""

from __future__ import annotations

import numpy as np

from .numerics import _check_batch, _log_sum_exp, _log_sum_exp_parts
from .temperature import check_temperature


def nt_xent(z1, z2, temperature: float) -> float:
    """NT-Xent (SimCLR): mean InfoNCE over the 2N views of N pairs.

    Each view's positive is its pair and its negatives are the other 2N-2
    views. The result is the mean over the 2N anchors, as lightly and
    pytorch-metric-learning report it. Google's original TensorFlow code
    reports twice this value (it sums the two directions' means).

    Parameters
    ----------
    z1, z2 : array_like, shape (N, d), N >= 2
        The two views; row i of ``z1`` pairs with row i of ``z2``.
    temperature : float
    """
    tau = check_temperature(temperature)
    a = _check_batch(z1, "z1")
    b = _check_batch(z2, "z2")
    if a.shape != b.shape:
        raise ValueError(f"z1 and z2 must have the same shape, got {a.shape} and {b.shape}")
    n = a.shape[0]
    if n < 2:
        raise ValueError("nt_xent needs at least 2 pairs, so that every view has a negative")
    z = np.vstack([a, b])
    logits = (z @ z.T) / tau
    np.fill_diagonal(logits, -np.inf)
    pair = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    m, r = _log_sum_exp_parts(logits)
    per_anchor = (m - logits[np.arange(2 * n), pair]) + r
    return float(np.mean(per_anchor))


def supcon(features, labels, temperature: float) -> float:
    """Supervised contrastive loss, L_out form (Khosla et al. 2020).

    For each anchor ``i`` with positives ``P(i)`` (the other samples with the
    same label): ``l_i = mean_{p in P(i)} -log( exp(s_ip/tau) /
    sum_{a != i} exp(s_ia/tau) )``. The result is the mean of ``l_i`` over the
    anchors with at least one positive. There is no ``tau / base_tau`` factor
    (the official repository multiplies by it; pytorch-metric-learning's
    SupConLoss does not).

    Parameters
    ----------
    features : array_like, shape (n, d)
    labels : array_like, shape (n,)
        Any hashable labels.
    temperature : float

    Raises
    ------
    ValueError
        If no sample shares its label with another one.
    """
    tau = check_temperature(temperature)
    f = _check_batch(features, "features")
    labels = np.asarray(labels)
    if labels.shape != (f.shape[0],):
        raise ValueError(
            f"labels must have shape ({f.shape[0]},) to match the features, got {labels.shape}"
        )
    _, codes = np.unique(labels, return_inverse=True)
    same = codes[:, None] == codes[None, :]
    np.fill_diagonal(same, False)
    n_pos = same.sum(axis=1)
    has = n_pos > 0
    if not has.any():
        raise ValueError("supcon needs at least two samples with the same label")
    logits = (f @ f.T) / tau
    np.fill_diagonal(logits, -np.inf)
    lse = _log_sum_exp(logits)
    pos_sum = np.where(same, logits, 0.0).sum(axis=1)
    per_anchor = lse[has] - pos_sum[has] / n_pos[has]
    return float(np.mean(per_anchor))
