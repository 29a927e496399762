"""The explorer's label filter as a boolean mask (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["filter_mask"]


def filter_mask(
    text: str, n: int, categories: Sequence[str] | None = None, codes: np.ndarray | None = None
) -> np.ndarray:
    """bool (n,): points whose label contains ``text`` (case-insensitive).

    A filter starting with ``=`` matches whole labels exactly (case-insensitive), as
    the legend does when a class is clicked. Without labels every point matches.

    Parameters
    ----------
    text : str
        The filter text.
    n : int
        Number of points.
    categories, codes : optional
        The encoded label column (see :func:`contrastive_viz.core.colors.encode`);
        None when the points have no labels.

    Returns
    -------
    ndarray of bool, shape (n,)
    """
    text = text.strip().lower()
    if not text or categories is None or codes is None:
        return np.ones(n, dtype=bool)
    if text.startswith("="):
        wanted = text[1:].strip()
        hit = [c.lower() == wanted for c in categories]
    else:
        hit = [text in c.lower() for c in categories]
    return np.asarray(hit, dtype=bool)[codes]
