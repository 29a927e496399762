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
           "select_in_screen_polygon", "simplify_polygon"]  # fmt: skip

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


def select_in_screen_polygon(columns, mvp, width: float, height: float, polygon,
                             visible=None) -> np.ndarray:  # fmt: skip
    """Sorted rows of 3-D points in front of the camera whose projection lies in ``polygon``.

    The screen-space lasso of a 3-D view, without projecting every point: the
    polygon's pixel bounding box is a frustum, tested on the clip coordinates
    (``left·w ≤ X ≤ right·w``, likewise for Y, ``w > 0``: multiplications only, in
    float32), and only the points inside it are divided through and put to the
    even–odd test (sorted by x, as in :func:`select_in_polygon`).

    Parameters
    ----------
    columns : tuple of three ndarray, shape (n,)
        x, y, z of every point (contiguous float32 is fastest).
    mvp : ndarray, shape (4, 4)
        Projection times view matrix (row-major), as for ``core.screen.project``.
    width, height : float
        Widget size in the polygon's (logical) pixels; origin top-left, y down.
    polygon : array_like, shape (k, 2)
    visible : ndarray of bool, shape (n,), optional
        Only these points may be selected.

    Returns
    -------
    ndarray of int64
    """
    poly = simplify_polygon(polygon)
    if len(poly) < 3:
        return np.zeros(0, np.int64)
    (left, top), (right, bottom) = poly.min(axis=0), poly.max(axis=0)
    m = np.asarray(mvp, dtype=np.float64)
    x, y, z = columns
    dtype = np.result_type(x.dtype, np.float32)

    def row(i: int) -> np.ndarray:
        out = x * dtype.type(m[i, 0])
        out += y * dtype.type(m[i, 1])
        out += z * dtype.type(m[i, 2])
        out += dtype.type(m[i, 3])
        return out

    w = row(3)
    keep = w > 1e-12
    if visible is not None:
        keep &= visible
    clip = []
    for i, lo, hi in ((0, 2 * left / width - 1, 2 * right / width - 1),
                      (1, 1 - 2 * bottom / height, 1 - 2 * top / height)):  # fmt: skip
        c = row(i)
        keep &= c >= w * dtype.type(lo)
        keep &= c <= w * dtype.type(hi)
        clip.append(c)
    rows = np.flatnonzero(keep)
    cw = w[rows].astype(np.float64)
    px = (clip[0][rows] / cw + 1.0) * (0.5 * width)
    py = (1.0 - clip[1][rows] / cw) * (0.5 * height)
    return rows[_inside_binned(px, py, poly, left, right)].astype(np.int64)  # rows are sorted


def _inside_binned(px: np.ndarray, py: np.ndarray, poly: np.ndarray, left: float,
                   right: float, bins: int = 4096) -> np.ndarray:  # fmt: skip
    """Even–odd test with a vertical ray, for points in any order: like
    :func:`_inside_sorted`, but the points are ordered by a 12-bit x bin (a linear-time
    radix sort) instead of by x, and each edge tests the points of the bins it spans."""
    inside = np.zeros(px.shape, bool)
    if px.size == 0:
        return inside
    scale = bins / max(right - left, 1e-12)
    b = np.clip((px - left) * scale, 0, bins - 1).astype(np.int16)
    order = np.argsort(b, kind="stable")  # radix sort for 16-bit keys
    bs, xs, ys = b[order], px[order], py[order]
    x0, y0 = poly[:, 0], poly[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    lo_x, hi_x = np.minimum(x0, x1), np.maximum(x0, x1)
    to_bin = lambda v: np.clip((v - left) * scale, 0, bins - 1).astype(np.int16)  # noqa: E731
    lo = np.searchsorted(bs, to_bin(lo_x), "left")
    hi = np.searchsorted(bs, to_bin(hi_x), "right")
    hit = np.zeros(px.shape, bool)
    for ax, ay, bx, by, xa, xb, a, c in zip(x0, y0, x1, y1, lo_x, hi_x, lo, hi, strict=True):
        if ax == bx or a == c:
            continue  # a vertical edge is never crossed by a vertical ray
        xsl = xs[a:c]
        yc = ay + (xsl - ax) * ((by - ay) / (bx - ax))
        hit[a:c] = (xsl >= xa) & (xsl < xb) & (ys[a:c] < yc)
        inside[a:c] ^= hit[a:c]
    out = np.empty_like(inside)
    out[order] = inside
    return out


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
