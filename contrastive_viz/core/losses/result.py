"""What a loss says about one anchor (:class:`LossResult`), and how the losses build it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .numerics import _log_sum_exp_parts, _tangent


@dataclass(frozen=True)
class LossResult:
    """Everything a loss says about one anchor.

    Attributes
    ----------
    kind : str
        ``"info_nce"``, ``"supcon"``, ``"triplet"`` or ``"margin"``.
    similarities : ndarray, shape (P + K,)
        Cosine of the anchor with each positive, then with each negative.
    n_positives : int
        ``P``, the number of leading entries of ``similarities`` that are
        positives.
    logits : ndarray or None
        ``similarities / temperature`` for the softmax losses, else None.
    probabilities : ndarray or None
        ``softmax(logits)`` for the softmax losses, else None.
    loss : float
        The loss value.
    dloss_dsim : ndarray, shape (P + K,)
        ``dL/ds`` for every similarity.
    grad_anchor : ndarray, shape (d,)
        Gradient with respect to the anchor's direction, projected onto the
        tangent plane of the sphere at the normalized anchor.
    grad_others : ndarray, shape (P + K, d)
        The same for each positive and negative, each projected at its own
        normalized direction.
    negative_weights : ndarray, shape (K,)
        Share of the push each negative gets (``dL/ds_n`` normalized to sum 1;
        all zeros when no negative contributes).
    temperature : float or None
        The temperature used, for the softmax losses.
    margin : float or None
        The margin used, for the margin losses.
    """

    kind: str
    similarities: np.ndarray
    n_positives: int
    logits: np.ndarray | None
    probabilities: np.ndarray | None
    loss: float
    dloss_dsim: np.ndarray
    grad_anchor: np.ndarray
    grad_others: np.ndarray
    negative_weights: np.ndarray
    temperature: float | None = None
    margin: float | None = None

    @property
    def grad_positive(self) -> np.ndarray:
        """Gradient for the first positive's direction, shape (d,)."""
        return self.grad_others[0]

    @property
    def grad_negatives(self) -> np.ndarray:
        """Gradients for the negatives' directions, shape (K, d)."""
        return self.grad_others[self.n_positives :]


def _result(kind, anchor, others, n_pos, sims, dl_ds, loss, logits=None, probs=None, **kw):
    grad_anchor = _tangent((dl_ds @ others)[None, :], anchor[None, :])[0]
    grad_others = _tangent(dl_ds[:, None] * anchor[None, :], others)
    if logits is not None:
        # Softmax losses: dL/ds_n is proportional to softmax(l_n); take it
        # directly so the shares survive even when every p_n underflows.
        m, r = _log_sum_exp_parts(logits[n_pos:])
        weights = np.exp(logits[n_pos:] - (m[0] + r[0]))
    else:
        push = np.clip(dl_ds[n_pos:], 0.0, None)
        total = push.sum()
        weights = push / total if total > 0 else np.zeros_like(push)
    return LossResult(
        kind=kind,
        similarities=sims,
        n_positives=n_pos,
        logits=logits,
        probabilities=probs,
        loss=float(loss),
        dloss_dsim=dl_ds,
        grad_anchor=grad_anchor,
        grad_others=grad_others,
        negative_weights=weights,
        **kw,
    )
