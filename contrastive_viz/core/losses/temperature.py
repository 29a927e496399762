"""The temperatures the losses accept: any finite tau > 0, and the range the app offers."""

from __future__ import annotations

import numpy as np

TAU_MIN = 1e-4
"""Smallest temperature offered (losses and gradients stay finite down to it)."""
TAU_MAX = 1e4
"""Largest temperature offered."""


def check_temperature(temperature: float) -> float:
    """Return ``temperature`` as a float, or raise ValueError if it is not > 0 and finite."""
    try:
        tau = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {temperature!r}") from None
    if not np.isfinite(tau) or tau <= 0:
        raise ValueError(f"temperature must be finite and > 0, got {tau!r}")
    return tau


def check_temperature_range(value: float) -> float:
    """Return ``value`` as a float when it lies in ``[TAU_MIN, TAU_MAX]``, both ends included.

    Parameters
    ----------
    value : float
        A temperature ``tau``.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ValueError
        If ``value`` is not a number, not finite, or outside ``[TAU_MIN, TAU_MAX]``.
    """
    tau = check_temperature(value)
    if not TAU_MIN <= tau <= TAU_MAX:
        raise ValueError(f"temperature must lie in [{TAU_MIN:g}, {TAU_MAX:g}], got {tau!r}")
    return tau
