"""Which real vectors the explorer sends: the anchor, its positives and negatives."""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np

from .neighbors import hardest_negatives, label_neighbors, random_negatives

__all__ = ["choose_vectors", "nearest_same_label"]


def nearest_same_label(
    vectors,
    labels,
    anchor: int,
    norms=None,
    exclude: Sequence[int] = (),
) -> int | None:
    """The row most cosine-similar to ``anchor`` among those with the anchor's label.

    The default positive of the explorer: the top-1 of
    :func:`~contrastive_viz.core.neighbors.label_neighbors` (rows streamed in chunks,
    a memmap is never read whole; ties go to the lower index).

    Parameters
    ----------
    vectors : array_like, shape (n, d)
    labels : array_like, shape (n,), or None
        None allows every other row (plain nearest neighbour).
    anchor : int
    norms : array_like, shape (n,), optional
        Precomputed row norms.
    exclude : sequence of int
        Rows never returned (the anchor is always excluded).

    Returns
    -------
    int or None
        None when no other row shares the anchor's label.
    """
    n = vectors.shape[0]
    a = operator.index(anchor)
    if not 0 <= a < n:
        raise ValueError(f"anchor {a} is out of range: the dataset has {n} points")
    qn = float(np.linalg.norm(np.asarray(vectors[a], dtype=np.float64)))
    if not np.isfinite(qn) or qn == 0:
        raise ValueError(f"point #{a} has no direction (zero or non-finite)")
    best = label_neighbors(vectors, labels, a, 1, norms, same_label=True, exclude=exclude)
    return int(best[0]) if best.size else None


def choose_vectors(
    vectors,
    norms,
    labels,
    anchor: int,
    positives: Sequence[int] | None = None,
    negatives: Sequence[int] | None = None,
    mode: str = "hardest",
    k: int = 8,
    rng=None,
) -> tuple[int, list[int], list[int]]:
    """Complete a choice of vectors for the playground (may read every row once or twice).

    Parameters
    ----------
    vectors : array_like or memmap, shape (n, d)
    norms : array_like, shape (n,), or None
        Precomputed row norms.
    labels : array_like, shape (n,), or None
        Without labels every other point counts as a candidate positive or negative.
    anchor : int
    positives : sequence of int, optional
        None: the anchor's nearest point with the same label (:func:`nearest_same_label`).
    negatives : sequence of int, optional
        None: ``k`` points with another label, the hardest ones (nearest to the anchor,
        :func:`~contrastive_viz.core.neighbors.hardest_negatives`) when ``mode`` is
        ``"hardest"``, else random ones
        (:func:`~contrastive_viz.core.neighbors.random_negatives`). The positives are
        never negatives.
    mode : {"hardest", "random"}
    k : int
    rng : numpy Generator, int or None
        For ``"random"``.

    Returns
    -------
    anchor, positives, negatives

    Raises
    ------
    ValueError
        When no positive or no negative can be found (the message says what to do).
    """
    if positives is None:
        best = nearest_same_label(vectors, labels, anchor, norms)
        positives = [] if best is None else [best]
    positives = [int(i) for i in positives]
    if not positives:
        raise ValueError(f"No positive: no other point has the label of #{anchor}; mark one.")
    if negatives is None:
        extra = k + len(positives)
        if mode == "hardest":
            negatives = hardest_negatives(vectors, labels, anchor, extra, norms=norms)
        elif mode == "random":
            negatives = random_negatives(len(vectors), labels, anchor, extra, rng=rng)
        else:
            raise ValueError(f"mode must be 'hardest' or 'random', got {mode!r}")
        negatives = [int(i) for i in negatives if int(i) not in positives][:k]
    negatives = [int(i) for i in negatives if int(i) not in positives]
    if not negatives:
        raise ValueError("No negative: every point shares the anchor's label; mark some.")
    return int(anchor), positives, negatives
