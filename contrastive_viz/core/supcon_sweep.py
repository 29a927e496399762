"""SupCon of one batch at many temperatures from one cosine matrix."""

from __future__ import annotations

import numpy as np

from . import losses
from .dataset_sampling import label_codes, unit_rows

__all__ = ["SupConCosines", "supcon_versus_temperature"]


class SupConCosines:
    """SupCon of one batch at many temperatures from its cosine matrix, computed once.

    For anchor ``i`` with positives ``P(i)``, ``M_i = max_{a != i} s_ia`` and
    mean positive cosine ``m_i``, SupCon's per-anchor term is
    ``(M_i - m_i)/tau + log sum_{a != i} exp((s_ia - M_i)/tau)``: two
    non-negative parts, so there is no cancellation, and only the second one
    costs an exponential per entry and temperature.

    Parameters
    ----------
    unit : ndarray, shape (m, d)
        L2-normalized rows.
    codes : ndarray of int, shape (m,)
        Class code per row (all >= 0).
    """

    def __init__(self, unit: np.ndarray, codes: np.ndarray):
        codes = np.asarray(codes)
        same = codes[:, None] == codes[None, :]
        np.fill_diagonal(same, False)
        n_pos = same.sum(axis=1)
        has = np.flatnonzero(n_pos > 0)
        self.n_anchors = int(has.size)
        if has.size == 0:
            self._shifted = None
            return
        sims = unit[has] @ unit.T
        sims[np.arange(has.size), has] = -np.inf
        top = sims.max(axis=1)
        pos_mean = np.where(same[has], sims, 0.0).sum(axis=1) / n_pos[has]
        self._gap = top - pos_mean
        sims -= top[:, None]
        self._shifted = sims

    def loss(self, temperature: float) -> float | None:
        """SupCon at ``temperature``; None when no anchor has a positive."""
        if self._shifted is None:
            return None
        tau = losses.check_temperature(temperature)
        buf = self._shifted * (1.0 / tau)  # a fresh buffer: safe from several threads
        np.exp(buf, out=buf)
        per_anchor = self._gap / tau + np.log(buf.sum(axis=1))
        return float(per_anchor.mean())

    def losses(self, temperatures) -> np.ndarray | None:
        """SupCon at each temperature; None when no anchor has a positive."""
        if self._shifted is None:
            return None
        return np.array([self.loss(t) for t in np.atleast_1d(temperatures)])


def supcon_versus_temperature(vectors_sample, labels_sample, taus) -> np.ndarray:
    """SupCon of a batch at many temperatures (the cosine matrix is computed once).

    Parameters
    ----------
    vectors_sample : array_like, shape (m, d)
        Non-zero, finite rows (normalized here).
    labels_sample : array_like, shape (m,)
        Any hashable labels.
    taus : array_like, shape (t,)

    Returns
    -------
    ndarray, shape (t,)
        Equal to ``[core.losses.supcon(vectors_sample, labels_sample, tau) for tau in taus]``.

    Raises
    ------
    ValueError
        If no two samples share a label, or on a bad temperature.
    """
    x = np.asarray(vectors_sample, dtype=np.float64)
    codes, _ = label_codes(list(labels_sample), x.shape[0])
    if (codes < 0).any():
        raise ValueError("every sample needs a label")
    result = SupConCosines(unit_rows(x), codes).losses(taus)
    if result is None:
        raise ValueError("supcon needs at least two samples with the same label")
    return result
