"""Turning a vector with the keyboard: rotations about the view's axes.

The sphere's arrow keys turn the selected vector about the camera's vertical
axis (←/→) or its horizontal axis (↑/↓), so a vector in front of the camera
moves the way the key points. Pure numpy (Rodrigues' rotation formula).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["COARSE_STEP_DEG", "FINE_STEP_DEG", "nudge", "rotate_about"]

#: One key press turns the vector by this many degrees (with Shift: :data:`FINE_STEP_DEG`).
COARSE_STEP_DEG = 5.0
FINE_STEP_DEG = 1.0


def rotate_about(v, axis, angle: float) -> np.ndarray:
    """``v`` rotated by ``angle`` radians about ``axis`` (right-handed), Rodrigues' formula.

    Parameters
    ----------
    v : array_like, shape (3,)
    axis : array_like, shape (3,)
        Any non-zero length; normalised here.
    angle : float
        Radians; positive turns counter-clockwise seen from the tip of ``axis``.

    Returns
    -------
    ndarray, shape (3,)
        ``v cos a + (k × v) sin a + k (k · v)(1 − cos a)``, same length as ``v``.

    Raises
    ------
    ValueError
        If ``axis`` is zero or a value is not finite.
    """
    v = np.asarray(v, dtype=np.float64).reshape(3)
    k = np.asarray(axis, dtype=np.float64).reshape(3)
    norm = float(np.linalg.norm(k))
    if not (np.isfinite(v).all() and np.isfinite(norm) and math.isfinite(angle)) or norm == 0:
        raise ValueError("rotate_about needs finite numbers and a non-zero axis")
    k = k / norm
    c, s = math.cos(angle), math.sin(angle)
    return v * c + np.cross(k, v) * s + k * float(k @ v) * (1.0 - c)


def nudge(direction, right, up, horizontal: int, vertical: int, step_deg: float) -> np.ndarray:
    """The unit vector one key press turns ``direction`` to.

    Parameters
    ----------
    direction : array_like, shape (3,)
        The vector (any non-zero length; the result has unit length).
    right, up : array_like, shape (3,)
        The view's horizontal and vertical axes in scene coordinates (the camera's
        right and up vectors).
    horizontal : int
        +1 for →, −1 for ←, 0: a turn about ``up`` by ``horizontal * step``.
    vertical : int
        +1 for ↑, −1 for ↓, 0: a turn about ``right`` by ``-vertical * step``.
    step_deg : float
        Degrees per press.

    Returns
    -------
    ndarray, shape (3,)
        A point facing the camera (along ``right × up``) moves right for → and up for ↑.
    """
    a = math.radians(step_deg)
    v = np.asarray(direction, dtype=np.float64).reshape(3)
    if horizontal:
        v = rotate_about(v, up, horizontal * a)
    if vertical:
        v = rotate_about(v, right, -vertical * a)
    n = float(np.linalg.norm(v))
    if n == 0 or not math.isfinite(n):
        raise ValueError("nudge needs a non-zero finite direction")
    return v / n
