"""Unit-vector geometry for the playground: normalization, spherical
coordinates, ray picking, geodesics and steps that stay on the sphere.

Angles are in radians. Azimuth is measured in the x-y plane from +x towards
+y, in (-pi, pi]; elevation is measured from the x-y plane towards +z, in
[-pi/2, pi/2].
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "drag_on_sphere",
    "from_spherical",
    "geodesic_step",
    "normalize",
    "random_unit_vectors",
    "ray_sphere",
    "slerp",
    "tangent_project",
    "to_spherical",
]


def normalize(v, axis: int = -1) -> np.ndarray:
    """Return ``v`` scaled to unit L2 norm along ``axis``.

    Raises
    ------
    ValueError
        If a vector is zero or has non-finite entries.
    """
    arr = np.asarray(v, dtype=np.float64)
    if not np.isfinite(arr).all():
        raise ValueError("cannot normalize a vector with NaN or infinite entries")
    norm = np.linalg.norm(arr, axis=axis, keepdims=True)
    if np.any(norm == 0):
        raise ValueError("cannot normalize a zero vector: it has no direction")
    return arr / norm


def to_spherical(xyz) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth and elevation (radians) of 3-D vectors of any length > 0."""
    u = normalize(xyz)
    az = np.arctan2(u[..., 1], u[..., 0])
    el = np.arcsin(np.clip(u[..., 2], -1.0, 1.0))
    return az, el


def from_spherical(azimuth, elevation) -> np.ndarray:
    """Unit 3-D vectors from azimuth and elevation (radians)."""
    az = np.asarray(azimuth, dtype=np.float64)
    el = np.asarray(elevation, dtype=np.float64)
    c = np.cos(el)
    return np.stack([c * np.cos(az), c * np.sin(az), np.sin(el)], axis=-1)


def ray_sphere(origin, direction, radius: float = 1.0) -> tuple[np.ndarray, bool]:
    """Where a ray first meets the sphere of ``radius`` centred at the origin.

    Parameters
    ----------
    origin, direction : array_like, shape (3,)
        The ray ``origin + t * direction``, ``t >= 0``.

    Returns
    -------
    point : ndarray, shape (3,)
        The nearest intersection in front of the origin. When the ray misses,
        the point of the sphere closest to the ray: the ray's closest approach
        to the centre, pushed out radially onto the silhouette.
    hit : bool
        Whether the ray really meets the sphere.
    """
    o = np.asarray(origin, dtype=np.float64)
    d = normalize(direction)
    b = float(o @ d)
    c = float(o @ o) - radius**2
    disc = b * b - c
    if disc >= 0:
        root = np.sqrt(disc)
        for t in (-b - root, -b + root):
            if t >= 0:
                p = o + t * d
                return radius * normalize(p), True
    t = max(-b, 0.0)
    closest = o + t * d
    if np.linalg.norm(closest) == 0:  # pragma: no cover - only if the ray starts at the centre
        closest = d
    return radius * normalize(closest), False


def drag_on_sphere(origin, direction, back: bool) -> tuple[np.ndarray, bool]:
    """Where a dragged tip goes for the mouse ray, and whether it is now on the back.

    While the ray meets the unit sphere the tip stays on the hemisphere it is
    on: the ray's near intersection for a front tip, its far one for a back
    tip. When the ray misses, the tip slides along the silhouette (see
    :func:`ray_sphere`) and counts as a front tip from then on, so when the
    ray meets the sphere again the tip continues on the visible hemisphere: a
    back tip comes to the front by being dragged over the rim. (At the
    silhouette the two intersections meet, so the tip never jumps.)

    Parameters
    ----------
    origin, direction : array_like, shape (3,)
        The mouse ray, its origin outside the sphere (the camera's near plane).
    back : bool
        Whether the tip is on the far hemisphere before this move.

    Returns
    -------
    point : ndarray, shape (3,)
        The tip's new unit direction.
    back : bool
        Whether it is on the far hemisphere after this move.
    """
    o = np.asarray(origin, dtype=np.float64)
    d = normalize(direction)
    b = float(o @ d)
    disc = b * b - (float(o @ o) - 1.0)
    if disc < 0 or not back:
        return ray_sphere(o, d)[0], False
    far = -b + np.sqrt(disc)
    return normalize(o + far * d), True


def slerp(a, b, t) -> np.ndarray:
    """Geodesic interpolation between unit directions ``a`` and ``b``.

    ``t`` may be a scalar or an array of shape (m,); the result has shape (d,)
    or (m, d). For antipodal ``a`` and ``b`` the path is undefined; a great
    circle through a direction orthogonal to ``a`` is chosen.
    """
    u = normalize(a)
    v = normalize(b)
    ts = np.asarray(t, dtype=np.float64)
    cos = float(np.clip(u @ v, -1.0, 1.0))
    theta = np.arccos(cos)
    if theta < 1e-12:
        out = np.broadcast_to(u, ts.shape + u.shape).copy()
        return out
    if np.pi - theta < 1e-9:
        helper = np.eye(u.size)[np.argmin(np.abs(u))]
        w = normalize(tangent_project(helper, u))
        ang = ts[..., None] * np.pi
        return np.cos(ang) * u + np.sin(ang) * w
    s = np.sin(theta)
    wa = np.sin((1.0 - ts) * theta) / s
    wb = np.sin(ts * theta) / s
    return normalize(wa[..., None] * u + wb[..., None] * v)


def tangent_project(v, at) -> np.ndarray:
    """Project ``v`` onto the tangent plane of the unit sphere at ``normalize(at)``."""
    u = normalize(at)
    vec = np.asarray(v, dtype=np.float64)
    return vec - np.sum(vec * u, axis=-1, keepdims=True) * u


def geodesic_step(point, gradient, step: float) -> np.ndarray:
    """One gradient-descent step that stays exactly on the unit sphere.

    Moves ``point`` along the great circle in the direction of
    ``-tangent_project(gradient, point)`` by the angle ``step * |g_t|``
    (the exponential map), so the result has unit norm.
    """
    u = normalize(point)
    g = tangent_project(gradient, u)
    norm = float(np.linalg.norm(g))
    if norm == 0 or step == 0:
        return u
    angle = step * norm
    return normalize(np.cos(angle) * u - np.sin(angle) * (g / norm))


def random_unit_vectors(n: int, d: int = 3, rng=None) -> np.ndarray:
    """``n`` directions drawn uniformly on the unit sphere in ``d`` dimensions."""
    gen = np.random.default_rng(rng)
    while True:
        x = gen.standard_normal((n, d))
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        if np.all(norms > 1e-12):
            return x / norms
