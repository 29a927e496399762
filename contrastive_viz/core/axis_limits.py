"""Round axis limits that stay put while the data still fits them (Qt-free)."""

from __future__ import annotations

import numpy as np


def nice_top(needed: float, current: float) -> float:
    """A round upper y limit >= ``needed``, kept while it still fits well.

    Changing the range regenerates the axis, so small changes during a drag keep it.
    """
    if 0.6 * current <= needed <= current:
        return current
    base = 10.0 ** np.floor(np.log10(needed))
    return float(
        next(m * base for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * base >= needed)
    )
