"""Which points a drawn lasso or rectangle encloses (Qt-free, vectorised numpy).

:func:`simplify_polygon` reduces a freehand path to at most :data:`MAX_VERTICES`
vertices (Ramer–Douglas–Peucker with a tolerance found by bisection); the even–odd
crossing test :func:`points_in_polygon` then costs O(points × vertices).
:func:`select_in_polygon` tests only the points inside the polygon's bounding box:
with a :class:`~contrastive_viz.core.density.DensityIndex` (points sorted by x) the
box is two ``searchsorted`` calls and a y mask, so a lasso over 1M points touches
only the slab it covers. :func:`combine` applies add / subtract / replace / invert.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_VERTICES", "combine", "points_in_polygon", "select_in_polygon",
           "simplify_polygon"]  # fmt: skip

#: A lasso is simplified to at most this many vertices.
MAX_VERTICES = 100
MODES = ("replace", "add", "subtract")


def _rdp_importance(p: np.ndarray) -> np.ndarray:
    """Per vertex, the largest tolerance at which Ramer–Douglas–Peucker keeps it.

    RDP splits a segment at its farthest vertex whatever the tolerance; the
    tolerance only decides where the recursion stops. So at tolerance ``tol`` it
    keeps vertex m exactly when its own distance and those of every split above
    it exceed ``tol``: ``importance[m] > tol``, with importance the minimum of
    these distances (endpoints: infinity). One pass, O(m log m) for a freehand path.
    """
    imp = np.zeros(len(p))
    imp[0] = imp[-1] = np.inf
    stack = [(0, len(p) - 1, np.inf)]
    while stack:
        a, b, cap = stack.pop()
        if b <= a + 1:
            continue
        seg = p[b] - p[a]
        rel = p[a + 1 : b] - p[a]
        length = np.hypot(*seg)
        if length == 0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        j = int(np.argmax(dist))
        m, d = a + 1 + j, min(float(dist[j]), cap)
        imp[m] = d
        stack += [(a, m, d), (m, b, d)]
    return imp


def simplify_polygon(points, max_vertices: int = MAX_VERTICES) -> np.ndarray:
    """The path ``points`` (m, 2) with at most ``max_vertices`` vertices, its shape kept.

    Ramer–Douglas–Peucker at the smallest tolerance that leaves at most
    ``max_vertices`` vertices, found exactly from one pass that records each
    vertex's importance (:func:`_rdp_importance`): about 3 ms for 300 vertices,
    where a bisection over the tolerance ran RDP some 40 times (70–160 ms).
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(p) <= max_vertices:
        return p
    imp = _rdp_importance(p)
    threshold = np.sort(imp)[::-1][max_vertices]  # RDP at this tolerance keeps < max + 1
    return p[imp > threshold]


def points_in_polygon(x, y, polygon) -> np.ndarray:
    """bool (m,): points inside ``polygon`` (k, 2) by the even–odd crossing rule.

    The polygon is closed implicitly (last vertex to first). Points exactly on an
    edge may fall either side.
    """
    poly = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    inside = np.zeros(x.shape, bool)
    if len(poly) < 3:
        return inside
    x0, y0 = poly[:, 0], poly[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for ax, ay, bx, by in zip(x0, y0, x1, y1, strict=True):
        if ay == by:
            continue  # a horizontal edge is never crossed by a horizontal ray
        crosses = (ay > y) != (by > y)
        xc = ax + (y - ay) * ((bx - ax) / (by - ay))
        inside ^= crosses & (x < xc)
    return inside


def _inside_sorted(xs: np.ndarray, ys: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even–odd test with a vertical ray, for points sorted by x.

    An edge can only be crossed by the points whose x lies in its x-span: a
    contiguous slice of ``xs`` (two ``searchsorted``), so the work is about the
    number of (point, edge) crossings rather than points × edges.
    """
    inside = np.zeros(xs.shape, bool)
    x0, y0 = poly[:, 0], poly[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    lo = np.searchsorted(xs, np.minimum(x0, x1), "left")
    hi = np.searchsorted(xs, np.maximum(x0, x1), "left")
    for ax, ay, bx, by, a, b in zip(x0, y0, x1, y1, lo, hi, strict=True):
        if ax == bx or a == b:
            continue  # a vertical edge is never crossed by a vertical ray
        yc = ay + (xs[a:b] - ax) * ((by - ay) / (bx - ax))
        inside[a:b] ^= ys[a:b] < yc
    return inside


def select_in_polygon(polygon, x=None, y=None, index=None) -> np.ndarray:
    """Sorted rows inside ``polygon``: from ``x``/``y`` arrays, or a DensityIndex.

    Parameters
    ----------
    polygon : array_like, shape (k, 2)
        Simplified first if it has more than :data:`MAX_VERTICES` vertices.
    x, y : ndarray, shape (n,), optional
        Every point's coordinates (candidates: the polygon's bounding box).
    index : DensityIndex, optional
        Points sorted by x: only the slab between the box's left and right is read.

    Returns
    -------
    ndarray of int64
    """
    poly = simplify_polygon(polygon)
    if len(poly) < 3:
        return np.zeros(0, np.int64)
    (left, top), (right, bottom) = poly.min(axis=0), poly.max(axis=0)
    if index is not None:  # already sorted by x
        s = index.slab(left, right)
        px, py, rows = index.x[s], index.y[s], index.index[s]
    else:
        px, py = np.asarray(x), np.asarray(y)
        rows = np.flatnonzero((px >= left) & (px <= right))
        rows = rows[np.argsort(px[rows])]  # any order of equal x will do (quicksort: 6x faster)
        px, py = px[rows], py[rows]
    box = (py >= top) & (py <= bottom)
    px, py, rows = px[box], py[box], np.asarray(rows)[box]
    xs, ys = px.astype(np.float64), py.astype(np.float64)
    return np.sort(rows[_inside_sorted(xs, ys, poly)]).astype(np.int64)


def combine(current: np.ndarray, new: np.ndarray, mode: str, n: int | None = None) -> np.ndarray:
    """The selection after a stroke: ``"replace"``, ``"add"``, ``"subtract"`` or ``"invert"``.

    ``"invert"`` ignores ``new`` and needs ``n`` (every row not in ``current``).
    """
    if mode == "replace":
        return np.unique(new).astype(np.int64)
    if mode == "add":
        return np.union1d(current, new).astype(np.int64)
    if mode == "subtract":
        return np.setdiff1d(current, new).astype(np.int64)
    if mode == "invert":
        return np.setdiff1d(np.arange(int(n)), current).astype(np.int64)
    raise ValueError(f"mode must be replace, add, subtract or invert, got {mode!r}")
