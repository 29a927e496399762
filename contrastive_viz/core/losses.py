"""Contrastive losses in pure numpy, with exact gradients.

Conventions (see DESIGN.md, "Maths conventions"):

* Every vector is L2-normalized first, so a similarity ``s`` is a cosine.
* InfoNCE for one anchor: ``L = -log(exp(s+/tau) / sum_k exp(s_k/tau))`` where
  ``k`` runs over the positive and the ``K`` negatives (cross-entropy with
  label 0).
* The gradient is taken with respect to the anchor's *direction*
  ``a_hat = a/|a|`` and projected onto the tangent plane of the unit sphere at
  ``a_hat``: ``(I - a_hat a_hat^T) sum_k (dL/ds_k) k_hat``. For InfoNCE this is
  ``(1/tau) (I - a a^T) (sum_k p_k k_hat - p_hat+)``.
* ``negative_weights`` is the share of the push each negative receives:
  ``dL/ds_n`` normalized to sum 1 over the negatives. For InfoNCE this equals
  ``softmax(s_n/tau)`` over the negatives alone, the relative penalty of
  Wang & Liu (CVPR 2021).

All softmax-style sums use log-sum-exp, so losses and gradients stay finite for
any temperature in ``[1e-4, 1e4]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "LossResult",
    "alignment",
    "info_nce",
    "margin_contrastive",
    "nt_xent",
    "supcon",
    "supcon_anchor",
    "temperature_sweep",
    "triplet",
    "uniformity",
]


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


# ---------------------------------------------------------------- validation


def check_temperature(temperature: float) -> float:
    """Return ``temperature`` as a float, or raise ValueError if it is not > 0 and finite."""
    try:
        tau = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {temperature!r}") from None
    if not np.isfinite(tau) or tau <= 0:
        raise ValueError(f"temperature must be finite and > 0, got {tau!r}")
    return tau


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


def _prepare(anchor, positives, negatives):
    a = _unit_vector(anchor, "anchor")
    p = _unit_rows(positives, "positives", a.size)
    n = _unit_rows(negatives, "negatives", a.size)
    others = np.vstack([p, n])
    return a, others, p.shape[0], others @ a


# ------------------------------------------------------------- single anchor


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


# ------------------------------------------------------------------- batches


def _check_batch(x, name: str) -> np.ndarray:
    return _unit_rows(x, name)


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


def alignment(x, y, alpha: float = 2) -> float:
    """Alignment of positive pairs (Wang & Isola, ICML 2020).

    ``align = mean_i |x_i - y_i|^alpha`` on the L2-normalized rows. For
    ``alpha = 2`` this equals ``2 - 2 mean_i cos(x_i, y_i)``. Lower is better.
    """
    a = _check_batch(x, "x")
    b = _check_batch(y, "y")
    if a.shape != b.shape:
        raise ValueError(f"x and y must have the same shape, got {a.shape} and {b.shape}")
    if not alpha > 0:
        raise ValueError(f"alpha must be > 0, got {alpha!r}")
    return float(np.mean(np.linalg.norm(a - b, axis=1) ** alpha))


def uniformity(x, t: float = 2, block: int = 2048) -> float:
    """Uniformity of a set of points (Wang & Isola, ICML 2020).

    ``log mean_{i<j} exp(-t |x_i - x_j|^2)`` on the L2-normalized rows,
    computed with log-sum-exp in blocks, so memory stays O(block * n). It is 0
    for a collapsed set and about -2.08 for points spread uniformly on S^2
    with ``t = 2``. Lower is more uniform.
    """
    u = _check_batch(x, "x")
    n = u.shape[0]
    if n < 2:
        raise ValueError("uniformity needs at least 2 points")
    if not t > 0:
        raise ValueError(f"t must be > 0, got {t!r}")
    parts = []
    for start in range(0, n - 1, block):
        rows = u[start : start + block]
        sq = np.clip(2.0 - 2.0 * rows @ u.T, 0.0, None)
        i = np.arange(start, start + rows.shape[0])[:, None]
        upper = np.arange(n)[None, :] > i
        vals = np.where(upper, -t * sq, -np.inf)
        keep = upper.any(axis=1)
        parts.append(_log_sum_exp(vals[keep]))
    total = _log_sum_exp(np.concatenate(parts)[None, :])[0]
    return float(total - np.log(n * (n - 1) / 2))


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
    """
    s = np.asarray(similarities, dtype=np.float64)
    taus = np.asarray([check_temperature(t) for t in np.atleast_1d(temperatures)])
    logits = s[None, :] / taus[:, None]
    m, r = _log_sum_exp_parts(logits)
    return (m - logits[:, :n_positives].mean(axis=1)) + r
