"""The loss of fixed vectors as a function of temperature, with its bounds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bounds import softmax_bounds
from .losses import temperature_sweep
from .scene import SceneEvaluation

__all__ = ["TAUS", "TemperatureCurve", "loss_versus_temperature"]

#: The temperatures of the playground's curve (log-spaced, 1e-3 to 1e2).
TAUS = np.logspace(-3, 2, 200)


@dataclass(frozen=True)
class TemperatureCurve:
    """The loss at many temperatures for the cosines of one evaluation.

    Attributes
    ----------
    taus, loss, best, worst : ndarray, shape (m,)
        The temperatures, the loss at each, and the best and worst possible
        losses for this K and P at each.
    all_equal : float
        ``log(P + K)``: the loss when every similarity is equal.
    n_negatives, n_positives : int
    """

    taus: np.ndarray
    loss: np.ndarray
    best: np.ndarray
    worst: np.ndarray
    all_equal: float
    n_negatives: int
    n_positives: int


def loss_versus_temperature(evaluation: SceneEvaluation, taus) -> TemperatureCurve:
    """The softmax loss of ``evaluation``'s cosines at every temperature in ``taus``.

    Raises
    ------
    ValueError
        If the evaluation's loss has no temperature (triplet, margin).
    """
    res = evaluation.result
    if res.probabilities is None:
        raise ValueError(f"the {res.kind} loss has no temperature")
    taus = np.asarray(taus, dtype=np.float64)
    n_pos = res.n_positives
    k = res.similarities.size - n_pos
    b = softmax_bounds(k, taus, n_pos)
    return TemperatureCurve(
        taus=taus,
        loss=temperature_sweep(res.similarities, n_pos, taus),
        best=np.asarray(b["best"]),
        worst=np.asarray(b["worst"]),
        all_equal=b["all_equal"],
        n_negatives=k,
        n_positives=n_pos,
    )
