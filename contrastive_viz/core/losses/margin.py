"""Margin losses for one anchor: triplet, and the contrastive loss of Hadsell et al."""

from __future__ import annotations

import numpy as np

from .numerics import _prepare, _unit_vector
from .result import LossResult, _result


def triplet(anchor, positive, negatives, margin: float = 0.2) -> LossResult:
    """Triplet loss with cosine distance, averaged over the K triplets.

    With ``d(x, y) = 1 - cos(x, y)``:
    ``L = (1/K) sum_n max(0, d(a, p) - d(a, n) + margin)
        = (1/K) sum_n max(0, s_n - s_p + margin)``.
    This is the "batch all" convention of FaceNet-style training, restricted to
    one anchor. At the hinge's kink the subgradient 0 is used.

    Parameters
    ----------
    anchor, positive : array_like, shape (d,)
    negatives : array_like, shape (K, d)
    margin : float
        ``>= 0``; in cosine-distance units (distances lie in [0, 2]).
    """
    margin = _check_margin(margin)
    a = _unit_vector(anchor, "anchor")
    p = _unit_vector(positive, "positive", a.size)
    a, others, n_pos, sims = _prepare(a, p[None, :], negatives)
    hinge = sims[1:] - sims[0] + margin
    active = (hinge > 0).astype(np.float64)
    k = hinge.size
    loss = np.clip(hinge, 0.0, None).mean()
    dl_ds = np.concatenate([[-active.sum() / k], active / k])
    return _result("triplet", a, others, n_pos, sims, dl_ds, loss, margin=margin)


def margin_contrastive(anchor, positive, negatives, margin: float = 1.0) -> LossResult:
    """The margin-based contrastive loss of Hadsell, Chopra & LeCun (2006).

    With ``D`` the Euclidean distance between the normalized vectors
    (``D = sqrt(2 - 2 s)``, in [0, 2]), a similar pair costs ``D^2 / 2`` and a
    dissimilar pair costs ``max(0, margin - D)^2 / 2``. Here
    ``L = D(a, p)^2 / 2 + (1/K) sum_n max(0, margin - D(a, n))^2 / 2``: the
    positive pair's term plus the mean of the negative pairs' terms, so the
    balance does not depend on K. A negative that coincides exactly with the
    anchor has no defined direction; its gradient is taken as 0.
    """
    margin = _check_margin(margin)
    a = _unit_vector(anchor, "anchor")
    p = _unit_vector(positive, "positive", a.size)
    a, others, n_pos, sims = _prepare(a, p[None, :], negatives)
    dist = np.sqrt(np.clip(2.0 - 2.0 * sims, 0.0, None))
    gap = np.clip(margin - dist[1:], 0.0, None)
    k = gap.size
    loss = 0.5 * dist[0] ** 2 + 0.5 * np.mean(gap**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        dneg = np.where(dist[1:] > 1e-12, gap / dist[1:], 0.0) / k
    dl_ds = np.concatenate([[-1.0], dneg])
    return _result("margin", a, others, n_pos, sims, dl_ds, loss, margin=margin)


def _check_margin(margin: float) -> float:
    m = float(margin)
    if not np.isfinite(m) or m < 0:
        raise ValueError(f"margin must be finite and >= 0, got {margin!r}")
    return m
