"""The numbers of a scene: its loss computed by the core (re-exported by :mod:`.scene`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses
from .losses.numerics import robust_unit_rows
from .scene import LOSSES, Scene

__all__ = ["SceneEvaluation", "evaluate"]


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
    """

    result: losses.LossResult
    order: tuple[int, ...]
    cosines: np.ndarray
    dimension: int
    original: bool
    note: str = ""


def evaluate(scene: Scene) -> SceneEvaluation:
    """Compute the scene's loss with the core (a pure function of the scene).

    The numbers use the original features when every vector has them, else
    the 3-D directions. InfoNCE, triplet and the margin loss take the first
    positive; SupCon takes all positives.
    """
    notes = []
    have = [f is not None for f in scene.features]
    if all(have):
        space, original = np.vstack(scene.features), True
    else:
        space, original = scene.directions, False
        if any(have):
            notes.append("Some vectors were moved or added here, so every number uses 3-D.")
    unit = robust_unit_rows(space)[0]
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
    return SceneEvaluation(
        result=result,
        order=tuple(pos + neg),
        cosines=unit @ unit[a],
        dimension=space.shape[1],
        original=original,
        note=" ".join(notes),
    )
