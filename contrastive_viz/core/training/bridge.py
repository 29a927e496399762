"""One anchor of a training step's batch, as the playground's anchor, positives and negatives.

A step's batch holds 2N unit embeddings ``u``: rows ``0..N-1`` are the first views, rows
``N..2N-1`` the second views, and row ``i`` pairs with row ``i ± N``.

* NT-Xent: the anchor ``i``, its other view as the one positive, and the other 2N−2 views
  as negatives. ``core.losses.info_nce`` of these equals anchor ``i``'s term of
  ``core.losses.nt_xent``, whose mean over the 2N anchors is the step's loss.
* SupCon: the anchor, the other views with its label as positives (its own other view
  among them), the rest as negatives. ``core.losses.supcon_anchor`` of these equals
  anchor ``i``'s term of ``core.losses.supcon`` on the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..losses.numerics import _log_sum_exp_parts
from ..losses.temperature import check_temperature
from .encoder import batch_logits

__all__ = ["AnchorBatch", "anchor_batch", "anchor_terms"]


@dataclass(frozen=True)
class AnchorBatch:
    """Row indices into the batch's 2N views."""

    anchor: int
    positives: tuple[int, ...]
    negatives: tuple[int, ...]


def _pair(n2: int) -> np.ndarray:
    n = n2 // 2
    return np.concatenate([np.arange(n, n2), np.arange(n)])


def anchor_batch(n2: int, index: int, loss: str = "nt_xent", labels=None) -> AnchorBatch:
    """The positives and negatives of view ``index`` in a batch of ``n2`` = 2N views.

    ``labels`` are the N samples' labels (repeated for the second views), needed by SupCon.
    """
    if n2 < 4 or n2 % 2 or not 0 <= int(index) < n2:
        raise ValueError(f"need an even batch of >= 4 views and 0 <= index < {n2}, got {index}")
    i = int(index)
    others = np.array([j for j in range(n2) if j != i])
    if loss == "nt_xent":
        pos = np.array([_pair(n2)[i]])
    elif loss == "supcon":
        if labels is None:
            raise ValueError("SupCon needs labels to know the anchor's positives")
        lab = np.concatenate([np.asarray(labels), np.asarray(labels)])
        pos = others[lab[others] == lab[i]]
    else:
        raise ValueError(f"unknown loss {loss!r}")
    neg = np.setdiff1d(others, pos)
    return AnchorBatch(i, tuple(int(p) for p in pos), tuple(int(k) for k in neg))


def anchor_terms(u, temperature: float, loss: str = "nt_xent", labels=None) -> np.ndarray:
    """Every anchor's term of the batch loss of the 2N unit views ``u``; NaN for a SupCon
    anchor without positives. Their (nan)mean is the step's loss."""
    tau = check_temperature(temperature)
    u = np.asarray(u, dtype=np.float64)
    n2 = u.shape[0]
    logits = batch_logits(u, tau)
    m, r = _log_sum_exp_parts(logits)
    if loss == "nt_xent":
        return (m - logits[np.arange(n2), _pair(n2)]) + r
    lab = np.concatenate([np.asarray(labels), np.asarray(labels)])
    same = lab[:, None] == lab[None, :]
    np.fill_diagonal(same, False)
    n_pos = same.sum(axis=1)
    pos_sum = np.where(same, logits, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n_pos > 0, (m + r) - pos_sum / n_pos, np.nan)
