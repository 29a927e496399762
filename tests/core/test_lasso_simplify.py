"""simplify_polygon: one RDP pass with importances equals RDP at any tolerance."""

import numpy as np

from contrastive_viz.core import lasso


def _rdp_keep(p, tol):
    """Textbook Ramer–Douglas–Peucker at ``tol`` (the reference)."""
    keep = np.zeros(len(p), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(p) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg, rel = p[b] - p[a], p[a + 1 : b] - p[a]
        length = np.hypot(*seg)
        dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        j = int(np.argmax(dist))
        if dist[j] > tol:
            keep[a + 1 + j] = True
            stack += [(a, a + 1 + j), (a + 1 + j, b)]
    return keep


def _path(rng, m):
    t = np.sort(rng.uniform(0, 2 * np.pi, m))
    r = 1 + 0.3 * np.sin(5 * t) + 0.05 * rng.standard_normal(m)
    return np.c_[r * np.cos(t), r * np.sin(t)]


def test_importance_reproduces_rdp_at_every_tolerance():
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = _path(rng, int(rng.integers(101, 500)))
        imp = lasso._rdp_importance(p)
        for tol in rng.uniform(0, 0.3, 6):
            assert ((imp > tol) == _rdp_keep(p, tol)).all()


def test_simplified_path_is_rdp_at_the_smallest_tolerance_that_fits():
    rng = np.random.default_rng(1)
    for m in (101, 300, 2000):
        p = _path(rng, m)
        simple = lasso.simplify_polygon(p)
        assert 3 <= len(simple) <= lasso.MAX_VERTICES
        imp = lasso._rdp_importance(p)
        tol = np.sort(imp)[::-1][lasso.MAX_VERTICES]
        np.testing.assert_array_equal(simple, p[_rdp_keep(p, tol)])
        # a smaller tolerance (the next importance down) would keep too many
        assert _rdp_keep(p, np.nextafter(tol, -1)).sum() > lasso.MAX_VERTICES or tol == 0
