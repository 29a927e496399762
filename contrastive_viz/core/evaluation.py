"""A scene's numbers: the loss, per-vector numbers and the closed-form bounds.

:func:`evaluate` is the one place the playground's derived numbers come from;
the views only format them. It is re-exported by :mod:`contrastive_viz.core.scene`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses
from .bounds import mutual_information_bound, softmax_bounds
from .losses.numerics import robust_unit_rows
from .scene import LOSSES, UNIT_CACHE, Scene

__all__ = ["SceneEvaluation", "evaluate", "per_vector"]


@dataclass(frozen=True)
class SceneEvaluation:
    """The loss of a scene and how it was computed.

    Attributes
    ----------
    result : LossResult
        The core's result, positives first then negatives.
    order : tuple of int
        Scene index of each entry of ``result.similarities``.
    cosines : ndarray, shape (n,)
        Cosine of the anchor with every vector of the scene (1 for itself).
    dimension : int
        The dimension the numbers were computed in.
    original : bool
        True when computed on the original features sent from the explorer.
    note : str
        Anything the user should know (ignored positives, mixed features).
    logits, probabilities, negative_weights : ndarray, shape (n,)
        Per scene vector (NaN where a vector has none: the anchor, ignored
        positives, every vector for a loss without a softmax; the weights
        exist for the negatives only).
    bounds : dict or None
        :func:`~contrastive_viz.core.bounds.softmax_bounds` for this K, P and
        tau (``"all_equal"``, ``"best"``, ``"worst"``); None without a softmax.
    mutual_information : float or None
        ``log(K + 1) - L`` for InfoNCE (one positive); None otherwise.
    """

    result: losses.LossResult
    order: tuple[int, ...]
    cosines: np.ndarray
    dimension: int
    original: bool
    note: str = ""
    logits: np.ndarray | None = None
    probabilities: np.ndarray | None = None
    negative_weights: np.ndarray | None = None
    bounds: dict | None = None
    mutual_information: float | None = None

    @property
    def n_negatives(self) -> int:
        """K, the number of negatives in the loss."""
        return self.result.similarities.size - self.result.n_positives

    @property
    def hardest(self) -> int | None:
        """Position among the negatives (``result.negative_weights``) of the one with the
        largest share of the push; None when no negative pushes."""
        w = self.result.negative_weights
        k = int(np.argmax(w))
        return k if w[k] > 0 else None

    @property
    def positive_probability(self) -> float | None:
        """The softmax mass of the positives (the loss is -log of it for InfoNCE); None
        without a softmax."""
        res = self.result
        if res.probabilities is None:
            return None
        return float(res.probabilities[: res.n_positives].sum())

    @property
    def chance_fraction(self) -> float | None:
        """Where the loss sits from the best case (0) to all-equal (1), clipped; None
        without bounds."""
        if self.bounds is None:
            return None
        best, equal = self.bounds["best"], self.bounds["all_equal"]
        span = equal - best
        frac = (self.result.loss - best) / span if span > 0 else 1.0
        return min(max(frac, 0.0), 1.0)

    @property
    def above_chance(self) -> bool:
        """True when the loss exceeds the all-equal value (worse than chance)."""
        return self.bounds is not None and self.result.loss > self.bounds["all_equal"]


def per_vector(n: int, order, result: losses.LossResult):
    """The result's logits, probabilities and negative weights per scene vector.

    Parameters
    ----------
    n : int
        Number of vectors in the scene.
    order : sequence of int
        Scene index of each result entry (positives first).
    result : LossResult

    Returns
    -------
    logits, probabilities, negative_weights : ndarray, shape (n,)
        NaN where a vector has no such number.
    """
    logits, probs, weights = (np.full(n, np.nan) for _ in range(3))
    idx = np.asarray(order, dtype=np.intp)
    if result.logits is not None:
        logits[idx] = result.logits
        probs[idx] = result.probabilities
    weights[idx[result.n_positives :]] = result.negative_weights
    for arr in (logits, probs, weights):
        arr.setflags(write=False)
    return logits, probs, weights


def _unit_space(scene: Scene, original: bool) -> np.ndarray:
    """The scene's vectors (features when ``original``, else directions), normalized
    robustly (features of 1e308 or of subnormals) once per scene and kept on it."""
    unit = scene.__dict__.get(UNIT_CACHE)
    if unit is None:
        space = np.vstack(scene.features) if original else scene.directions
        unit = robust_unit_rows(space)[0]
        unit.setflags(write=False)
        object.__setattr__(scene, UNIT_CACHE, unit)
    return unit


def evaluate(scene: Scene) -> SceneEvaluation:
    """Compute the scene's loss with the core (a pure function of the scene).

    The numbers use the original features when every vector has them, else
    the 3-D directions. InfoNCE, triplet and the margin loss take the first
    positive; SupCon takes all positives.
    """
    notes = []
    have = [f is not None for f in scene.features]
    original = all(have)
    if not original and any(have):
        notes.append("Some vectors were moved or added here, so every number uses 3-D.")
    unit = _unit_space(scene, original)
    a = scene.anchor_index
    pos, neg = scene.index("positive"), scene.index("negative")
    if scene.loss != "supcon" and len(pos) > 1:
        notes.append(
            f"{LOSSES[scene.loss]} uses the first positive ({scene.names[pos[0]]}); "
            f"{len(pos) - 1} other positive(s) ignored. Choose SupCon to use them all."
        )
        pos = pos[:1]
    if scene.loss in ("info_nce", "supcon"):
        result = losses.supcon_anchor(unit[a], unit[pos], unit[neg], scene.temperature)
    elif scene.loss == "triplet":
        result = losses.triplet(unit[a], unit[pos[0]], unit[neg], scene.triplet_margin)
    else:
        result = losses.margin_contrastive(
            unit[a], unit[pos[0]], unit[neg], scene.contrastive_margin
        )
    order = tuple(pos + neg)
    logits, probs, weights = per_vector(len(scene), order, result)
    bounds = mi = None
    if result.probabilities is not None:
        bounds = softmax_bounds(len(neg), result.temperature, len(pos))
        if len(pos) == 1:
            mi = mutual_information_bound(len(neg), result.loss)
    return SceneEvaluation(
        result=result,
        order=order,
        cosines=unit @ unit[a],
        dimension=unit.shape[1],
        original=original,
        note=" ".join(notes),
        logits=logits,
        probabilities=probs,
        negative_weights=weights,
        bounds=bounds,
        mutual_information=mi,
    )
