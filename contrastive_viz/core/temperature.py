"""The temperatures the app accepts, in one place.

``TAU_MIN``..``TAU_MAX`` is what the command line, scene files, the scene edits
and the τ field accept (the losses stay finite over this whole range;
``core.losses.check_temperature_range`` applies the same rule for the core's
callers). The slider spans ``SLIDER_MIN``..``SLIDER_MAX`` on a log scale.
"""

from __future__ import annotations

import math

__all__ = ["SLIDER_MAX", "SLIDER_MIN", "TAU_MAX", "TAU_MIN", "parse_temperature"]

TAU_MIN, TAU_MAX = 1e-4, 1e4
SLIDER_MIN, SLIDER_MAX = 0.01, 10.0


def parse_temperature(value) -> float:
    """``value`` (a number or its text) as an accepted temperature.

    Raises
    ------
    ValueError
        With a message for the user: not a number, not finite and > 0, or
        outside ``[TAU_MIN, TAU_MAX]``.
    """
    try:
        tau = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"“{value}” is not a number") from None
    if not math.isfinite(tau) or tau <= 0:
        raise ValueError(f"τ must be a finite number > 0, not {value}")
    if not TAU_MIN <= tau <= TAU_MAX:
        raise ValueError(f"τ must be between {TAU_MIN:g} and {TAU_MAX:g}")
    return tau
