"""Which point is under the mouse, in a 2-D plot or a 3-D view (Qt-free)."""

from __future__ import annotations

import numpy as np

from .screen import project

__all__ = ["front_most", "nearest_within"]


def nearest_within(px, py, x: float, y: float, pixel_w: float, pixel_h: float, radius: float):
    """Position (into ``px``/``py``) of the point nearest (x, y) within ``radius`` pixels.

    Parameters
    ----------
    px, py : ndarray of float32, shape (m,)
        Candidate points, in data units.
    x, y : float
        The mouse, in data units.
    pixel_w, pixel_h : float
        Data units per screen pixel along x and y.
    radius : float
        Reach in pixels.

    Returns
    -------
    int or None
    """
    if len(px) == 0:
        return None
    dx = (px - np.float32(x)) / np.float32(pixel_w)
    dy = (py - np.float32(y)) / np.float32(pixel_h)
    d2 = dx * dx + dy * dy
    j = int(np.argmin(d2))
    return j if d2[j] <= radius * radius else None


def front_most(cols, coords, visible, mvp, width: float, height: float, x, y, radius: float):
    """Row of the front-most visible 3-D point within ``radius`` pixels of pixel (x, y).

    Parameters
    ----------
    cols : ndarray of float32, shape (3, n)
        The points' coordinates as contiguous columns (for a fast first pass).
    coords : ndarray, shape (n, 3)
        The same points as rows.
    visible : ndarray of bool, shape (n,)
    mvp : ndarray, shape (4, 4)
        Projection times view matrix (row-major).
    width, height : float
        View size in logical pixels.
    x, y, radius : float

    Returns
    -------
    int or None
    """
    m = np.asarray(mvp, dtype=np.float32)
    cx, cy, cz = cols
    w = m[3, 0] * cx + m[3, 1] * cy + m[3, 2] * cz + m[3, 3]
    sx = (m[0, 0] * cx + m[0, 1] * cy + m[0, 2] * cz + m[0, 3]) / w
    sx = (sx + 1) * np.float32(0.5 * width)
    near = np.flatnonzero((np.abs(sx - np.float32(x)) <= radius) & (w > 0))  # a column first
    near = near[visible[near]]
    if near.size == 0:
        return None
    xy, depth = project(coords[near], np.asarray(mvp, dtype=np.float64), width, height)
    d2 = (xy[:, 0] - x) ** 2 + (xy[:, 1] - y) ** 2
    hit = np.flatnonzero(d2 <= radius * radius)
    if hit.size == 0:
        return None
    return int(near[hit[np.argmin(depth[hit])]])
