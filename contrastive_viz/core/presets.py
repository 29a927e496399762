"""Built-in scenes: the article's example and three teaching set-ups."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .scene import ROLE_COLORS, Scene
from .sphere import from_spherical, random_unit_vectors

__all__ = ["PRESETS", "article_example", "equidistant", "hard_negative", "uniform_negatives"]

#: The article's vectors: p1 (anchor), p2 (positive) and five negatives.
ARTICLE_ANCHOR = (-0.83483301, -0.16904167, 0.52390721)
ARTICLE_POSITIVE = (-0.83455951, -0.16862266, 0.52447767)
ARTICLE_NEGATIVES = (
    (0.70374682, -0.18682394, -0.68544673),
    (0.15465702, 0.32303224, 0.93366556),
    (0.53043332, -0.83523217, -0.14500935),
    (0.68285685, -0.73054075, 0.00409143),
    (0.76652431, 0.61500886, 0.18494479),
)


def _scene(title, anchor, positives, negatives, temperature, loss="info_nce") -> Scene:
    names = ["anchor"] + [f"p{i + 1}" for i in range(len(positives))]
    names += [f"n{i + 1}" for i in range(len(negatives))]
    roles = ["anchor"] + ["positive"] * len(positives) + ["negative"] * len(negatives)
    return Scene(
        names=tuple(names),
        roles=tuple(roles),
        colors=tuple(ROLE_COLORS[r] for r in roles),
        directions=np.vstack([anchor, *positives, *negatives]),
        temperature=temperature,
        loss=loss,
        title=title,
    )


def article_example() -> Scene:
    """The article's example: p1 is the anchor, p2 the positive, tau = 0.07."""
    scene = _scene(
        "The article's example",
        ARTICLE_ANCHOR,
        [ARTICLE_POSITIVE],
        list(ARTICLE_NEGATIVES),
        0.07,
    )
    return replace(scene, names=("p1", "p2", "n1", "n2", "n3", "n4", "n5"))


def equidistant(k: int = 6, angle_deg: float = 90.0, temperature: float = 0.1) -> Scene:
    """Negatives evenly spaced on a circle at the same angle from the anchor."""
    anchor = np.array([0.0, 0.0, 1.0])
    positive = from_spherical(0.0, np.deg2rad(90 - 25))
    el = np.deg2rad(90 - angle_deg)
    negs = [from_spherical(2 * np.pi * (i + 0.5) / k, el) for i in range(k)]
    return _scene("All negatives equally far", anchor, [positive], negs, temperature)


def hard_negative(k: int = 5, temperature: float = 0.1) -> Scene:
    """One negative right next to the positive, the others far away."""
    anchor = np.array([0.0, 0.0, 1.0])
    positive = from_spherical(0.0, np.deg2rad(60))
    hard = from_spherical(np.deg2rad(20), np.deg2rad(58))
    far = [from_spherical(2 * np.pi * i / (k - 1), np.deg2rad(-30)) for i in range(k - 1)]
    return _scene("One hard negative", anchor, [positive], [hard, *far], temperature)


def uniform_negatives(k: int = 32, temperature: float = 0.1, seed: int = 7) -> Scene:
    """``k`` negatives drawn uniformly on the sphere (fixed seed)."""
    anchor = np.array([0.0, 0.0, 1.0])
    positive = from_spherical(0.0, np.deg2rad(70))
    negs = random_unit_vectors(k, 3, seed)
    return _scene("Uniform negatives", anchor, [positive], list(negs), temperature)


PRESETS = {
    "The article's example": article_example,
    "All negatives equally far": equidistant,
    "One hard negative": hard_negative,
    "Uniform negatives": uniform_negatives,
}
