"""The temperatures the losses accept: any real tau >= TAU_FLOOR, and the range the app offers."""

from __future__ import annotations

import numbers

import numpy as np

from ..temperature import TAU_MAX, TAU_MIN  # the range the app offers, defined once

TAU_FLOOR = 1e-300
"""Smallest temperature the losses accept at all: below it ``2/tau`` (the largest
logit gap, and the bound on the gradient) is no longer a finite float64."""


def _is_real(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "fiu"
    return isinstance(value, numbers.Real)


def check_temperature(temperature: float) -> float:
    """Return ``temperature`` as a float when it is a real number in ``[TAU_FLOOR, inf)``.

    Raises
    ------
    ValueError
        If it is not a real number (``True`` and ``"0.07"`` are refused, complex numbers
        too), not finite, or below :data:`TAU_FLOOR` (zero and negatives included).
    """
    if not _is_real(temperature):
        raise ValueError(f"temperature must be a real number, got {temperature!r}")
    tau = float(temperature)
    if not np.isfinite(tau) or tau <= 0:
        raise ValueError(f"temperature must be finite and > 0, got {tau!r}")
    if tau < TAU_FLOOR:
        raise ValueError(
            f"temperature {tau!r} is too small: below {TAU_FLOOR:g} the logits overflow"
        )
    return tau


def check_temperatures(temperatures) -> np.ndarray:
    """Many temperatures at once: a float64 1-D array, each checked as by :func:`check_temperature`.

    A real numeric array is checked with vectorized comparisons (the τ curve sweeps
    hundreds of temperatures on every drag move); anything else element by element.

    Raises
    ------
    ValueError
        Naming the first temperature :func:`check_temperature` refuses.
    """
    if isinstance(temperatures, np.ndarray) and temperatures.dtype.kind in "fiu":
        taus = np.atleast_1d(temperatures).astype(np.float64, copy=False).ravel()
        ok = np.isfinite(taus) & (taus >= TAU_FLOOR)
        if ok.all():
            return taus
        check_temperature(taus[int(np.argmin(ok))])  # raises with the message for it
    items = temperatures if isinstance(temperatures, (list, tuple)) else np.atleast_1d(temperatures)
    return np.asarray([check_temperature(t) for t in items], dtype=float)


def check_temperature_range(value: float) -> float:
    """Return ``value`` as a float when it lies in ``[TAU_MIN, TAU_MAX]``, both ends included.

    Parameters
    ----------
    value : float or str
        A temperature ``tau``. Text typed by the user (``"0.5"``) is parsed here, at
        the boundary; the losses themselves refuse text (:func:`check_temperature`).

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    ValueError
        If ``value`` is not a number, not finite, or outside ``[TAU_MIN, TAU_MAX]``.
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ValueError(f"temperature must be a number, got {value!r}") from None
    if _is_real(value) and TAU_MIN <= float(value) <= TAU_MAX:
        return float(value)
    tau = float(value) if _is_real(value) and 0 < float(value) < np.inf else None
    if tau is None:
        check_temperature(value)  # raises, naming what is wrong
    if not TAU_MIN <= tau <= TAU_MAX:
        raise ValueError(f"temperature must lie in [{TAU_MIN:g}, {TAU_MAX:g}], got {tau!r}")
    return tau
