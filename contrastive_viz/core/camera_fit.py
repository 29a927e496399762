"""Framing a 3-D point cloud for a perspective camera, and fading it with depth.

Pure numpy. The camera is pyqtgraph's orbit camera: it looks at ``center``
from ``distance`` along the direction given by ``azimuth`` and ``elevation``
(degrees), with a horizontal field of view ``fov`` (degrees).
"""

from __future__ import annotations

import numpy as np

__all__ = ["camera_direction", "fit_distance", "fog_colors"]

#: Points used for the robust extents (every ``n // SAMPLE``-th).
SAMPLE = 100_000


def _sample(coords: np.ndarray) -> np.ndarray:
    return np.asarray(coords[:: max(1, len(coords) // SAMPLE)], np.float64)


def camera_direction(azimuth: float, elevation: float) -> np.ndarray:
    """Unit vector from the centre towards the camera."""
    az, el = np.radians(azimuth), np.radians(elevation)
    return np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])


def fit_distance(
    points: np.ndarray,
    center: np.ndarray,
    azimuth: float,
    elevation: float,
    fov: float,
    aspect: float,
    fill: float = 0.9,
    quantile: float = 99.5,
) -> float:
    """The camera distance at which ``points`` fill ``fill`` of the view.

    Each point needs ``d >= depth + |x| / (fill · tan(fov/2))`` (and the same
    with ``|y|`` and the vertical half-angle, ``tan(fov/2) / aspect``), where
    ``x, y`` are its offsets across the view and ``depth`` its offset towards
    the camera. The ``quantile`` of that need over the points is returned, so a
    few outliers do not shrink the cloud.

    Parameters
    ----------
    points : ndarray, shape (n, 3)
    center : ndarray, shape (3,)
    azimuth, elevation, fov : float
        Degrees.
    aspect : float
        Width over height of the viewport.
    """
    pts = _sample(points) - np.asarray(center, np.float64)
    back = camera_direction(azimuth, elevation)
    right = np.array([-np.sin(np.radians(azimuth)), np.cos(np.radians(azimuth)), 0.0])
    up = np.cross(back, right)
    tx = np.tan(np.radians(fov) / 2)
    ty = tx / max(aspect, 1e-6)
    depth = pts @ back
    need = np.maximum(np.abs(pts @ right) / (fill * tx), np.abs(pts @ up) / (fill * ty)) + depth
    if not len(need):
        return 1.0
    d = float(np.percentile(need, quantile))
    reach = float(np.percentile(depth, quantile))  # in front of all but the outliers
    return max(d, 1.05 * reach, 1e-6)


def fog_colors(
    rgba: np.ndarray, coords: np.ndarray, eye: np.ndarray, background, strength: float
) -> np.ndarray:
    """``rgba`` (float, 0–1) blended towards ``background`` with distance from ``eye``.

    The nearest point keeps its colour; the farthest moves ``strength`` of the
    way to the background (alpha unchanged): a cue for which points are behind.
    """
    dist = np.linalg.norm(np.asarray(coords, np.float32) - np.asarray(eye, np.float32), axis=1)
    out = np.array(rgba, np.float32, copy=True)
    if dist.size == 0:
        return out
    near, far = float(dist.min()), float(dist.max())
    t = (dist - near) / (far - near) if far > near else np.zeros_like(dist)
    w = (strength * t).astype(np.float32)[:, None]
    out[:, :3] = out[:, :3] * (1 - w) + np.asarray(background, np.float32)[:3] * w
    return out
