"""Screen geometry for 3-D views, Qt-free: projection to pixels, label layout, arrow meshes.

A GL view draws every label with ONE QPainter after its GL items (``GLTextItem``
opens a painter per item per frame and crashed with 1,000 labels; see
``docs/architecture.md``), at positions projected here with numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Above this many vectors only the important ones are labelled.
LABEL_LIMIT = 50
#: Vertices per arrow in a 'lines' item (shaft + two barbs).
ARROW_VERTS = 6


def project(points, mvp: np.ndarray, width: float, height: float):
    """Project 3-D points to widget pixels.

    Parameters
    ----------
    points : array_like, shape (n, 3)
    mvp : ndarray, shape (4, 4)
        Projection times view matrix (row-major).
    width, height : float
        Widget size in logical pixels.

    Returns
    -------
    xy : ndarray, shape (n, 2)
        Logical pixel positions (origin top-left, y down).
    depth : ndarray, shape (n,)
        Distance in front of the camera along the view axis (clip ``w``):
        smaller is nearer.
    """
    p = np.asarray(points).reshape(-1, 3)
    m = np.asarray(mvp, dtype=np.float64)
    # column by column: an (n, 3) @ (3, 3) matmul is ~15x slower at 1M points
    x, y, z = (p[:, k].astype(np.float64) for k in range(3))

    def row(i: int) -> np.ndarray:
        return x * m[i, 0] + y * m[i, 1] + z * m[i, 2] + m[i, 3]

    w = row(3)
    safe = np.where(np.abs(w) < 1e-12, 1e-12, w)
    xy = np.empty((len(p), 2))
    xy[:, 0] = (row(0) / safe + 1.0) * 0.5 * width
    xy[:, 1] = (1.0 - row(1) / safe) * 0.5 * height
    return xy, w


def choose_labels(
    roles: Sequence[str], hovered: int = -1, selected: int | None = None, limit: int = LABEL_LIMIT
) -> np.ndarray:
    """Indices of the vectors that get a name label.

    Up to ``limit`` vectors every one is labelled; above it, only the anchor,
    the positives, the hovered and the selected vector (so a crowd of
    negatives stays readable and the painter's work stays small).
    """
    n = len(roles)
    if n <= limit:
        return np.arange(n)
    r = np.asarray(roles)
    keep = r != "negative"
    for i in (hovered, selected):
        if i is not None and 0 <= i < n:
            keep[i] = True
    return np.flatnonzero(keep)


def spread_labels(xy: np.ndarray, widths: np.ndarray, line: float, tries: int = 4) -> np.ndarray:
    """Vertical offsets (pixels) that keep labels from overlapping earlier ones.

    Greedy, in the given order; each label moves down by up to ``tries``
    lines. Cheap for the at most :data:`LABEL_LIMIT`-odd labels drawn.
    """
    off = np.zeros(len(xy))
    for k in range(1, len(xy)):
        x, y = xy[k]
        across = (xy[:k, 0] < x + widths[k]) & (x < xy[:k, 0] + widths[:k])
        if not across.any():
            continue
        ys = xy[:k, 1][across] + off[:k][across]
        for _ in range(tries):
            if not (np.abs(ys - (y + off[k])) < line).any():
                break
            off[k] += line
    return off


def facing_sides(direction: np.ndarray, at: np.ndarray, camera: np.ndarray) -> np.ndarray:
    """Unit vectors across each arrow as seen from ``camera``, so heads face the viewer.

    Zero where an arrow points straight at the camera (its head is invisible then).
    """
    side = np.cross(direction, camera - at)
    norm = np.linalg.norm(side, axis=1, keepdims=True)
    return np.divide(side, norm, out=np.zeros_like(side), where=norm > 1e-12)


def arrow_vertices(base, end, side, head, setback=0.0) -> np.ndarray:
    """Segment pairs for arrows, 6 vertices each: the shaft, then two barbs along ``side``.

    The apex sits ``setback`` before ``end`` (to clear a tip's dot) and the
    head is ``head`` long (scalars or (n, 1) arrays, in world units).
    """
    v = end - base
    length = np.linalg.norm(v, axis=1, keepdims=True)
    u = np.divide(v, length, out=np.zeros_like(v), where=length > 0)
    apex = end - setback * u
    back, across = apex - head * u, 0.45 * head * side
    out = np.empty((len(v), ARROW_VERTS, 3))
    out[:, 0], out[:, 1], out[:, 2::2] = base, apex, apex[:, None]
    out[:, 3], out[:, 5] = back + across, back - across
    return out.reshape(-1, 3)


def grid_lines(radius: float, segments: int = 96) -> tuple[np.ndarray, np.ndarray]:
    """Parallels every 30° and meridians every 30° as segment pairs.

    Drawn just under a translucent surface, the front lines are tinted once
    and the back lines twice. Returns the (m, 3) vertices
    and a per-vertex mask of the equator's (drawn stronger).
    """
    t = np.linspace(0.0, 2 * np.pi, segments + 1)
    circles, strong = [], []
    for lat in np.deg2rad([-60, -30, 0, 30, 60]):
        ring = np.stack(
            [np.cos(lat) * np.cos(t), np.cos(lat) * np.sin(t), np.full_like(t, np.sin(lat))], 1
        )
        circles.append(ring)
        strong.append(lat == 0)
    for lon in np.deg2rad(np.arange(0, 180, 30)):
        circles.append(np.stack([np.cos(t) * np.cos(lon), np.cos(t) * np.sin(lon), np.sin(t)], 1))
        strong.append(False)
    pos = np.concatenate([np.stack([c[:-1], c[1:]], 1).reshape(-1, 3) for c in circles])
    mask = np.repeat(strong, 2 * segments)
    return radius * pos, mask


def mouse_ray(mvp: np.ndarray, width: float, height: float, x: float, y: float):
    """The ray through pixel ``(x, y)``: its origin on the near plane and unit direction.

    The inverse of ``mvp`` maps the normalized device coordinates (x, y, -1)
    and (x, y, 1) to the near and far points.
    """
    inv = np.linalg.inv(mvp)
    nx, ny = 2.0 * x / width - 1.0, 1.0 - 2.0 * y / height
    pts = np.array([[nx, ny, -1.0, 1.0], [nx, ny, 1.0, 1.0]]) @ inv.T
    near, far = pts[:, :3] / pts[:, 3:]
    d = far - near
    return near, d / np.linalg.norm(d)


def nearest_within(xy: np.ndarray, depth: np.ndarray, x: float, y: float, reach: float) -> int:
    """Index of the point within ``reach`` pixels of ``(x, y)`` nearest the camera, or -1.

    Points behind the camera (``depth <= 0``) are never picked; nearest in depth
    wins, so a tip on the back of a sphere loses to a front tip within reach.
    """
    d2 = (xy[:, 0] - x) ** 2 + (xy[:, 1] - y) ** 2
    near = np.flatnonzero((d2 <= reach * reach) & (depth > 0))
    return int(near[np.argmin(depth[near])]) if near.size else -1


def force_arrows(grads: np.ndarray, tau: float, longest: float, gain: float):
    """Directions and lengths of ``-grad`` arrows: ``longest * tanh(gain * tau * |grad|)``.

    Returns the unit push directions (n, 3) (zero where there is no push) and
    the lengths (n, 1).
    """
    push = -np.asarray(grads, dtype=np.float64)
    norm = np.linalg.norm(push, axis=1, keepdims=True)
    unit = np.divide(push, norm, out=np.zeros_like(push), where=norm > 0)
    return unit, longest * np.tanh(gain * tau * norm)


def place_card(
    at: tuple[float, float],
    size: tuple[float, float],
    bounds: tuple[float, float],
    avoid: np.ndarray,
    gap: float,
    clear: float,
) -> tuple[float, float]:
    """Top-left corner of a ``size`` card beside ``at`` that covers none of ``avoid``.

    The card goes to one of the four corners around ``at`` (``gap`` pixels
    away), or else to one of the view's corners, inside ``bounds`` (width,
    height). The first place whose box, grown by ``clear`` pixels, holds
    none of the ``avoid`` points (m, 2) wins; if none is free, the one that
    covers the fewest.
    """
    (x, y), (w, h), (bw, bh) = at, size, bounds
    near = [
        (x + gap, y + gap),
        (x - gap - w, y + gap),
        (x + gap, y - gap - h),
        (x - gap - w, y - gap - h),
    ]
    far = [(bw - w - gap, gap), (gap, gap), (bw - w - gap, bh - h - gap), (gap, bh - h - gap)]
    pts = np.asarray(avoid, dtype=np.float64).reshape(-1, 2)
    best, fewest = None, None
    for cx, cy in near + far:
        cx = min(max(cx, 0.0), max(bw - w, 0.0))
        cy = min(max(cy, 0.0), max(bh - h, 0.0))
        inside = (
            (pts[:, 0] > cx - clear)
            & (pts[:, 0] < cx + w + clear)
            & (pts[:, 1] > cy - clear)
            & (pts[:, 1] < cy + h + clear)
        )
        covered = int(inside.sum())
        if covered == 0:
            return cx, cy
        if fewest is None or covered < fewest:
            best, fewest = (cx, cy), covered
    return best
