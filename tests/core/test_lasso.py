"""core.lasso against brute force (matplotlib-free: a scalar even-odd reference)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.density import DensityIndex
from contrastive_viz.core.lasso import (
    MAX_VERTICES,
    combine,
    points_in_polygon,
    select_in_polygon,
    simplify_polygon,
)


def _inside_scalar(px, py, poly):
    inside = False
    k = len(poly)
    for i in range(k):
        (ax, ay), (bx, by) = poly[i], poly[(i + 1) % k]
        if (ay > py) != (by > py) and px < ax + (py - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _star(m, rng):
    angles = np.sort(rng.uniform(0, 2 * np.pi, m))
    radii = rng.uniform(0.3, 1.0, m)
    return np.c_[radii * np.cos(angles), radii * np.sin(angles)]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), m=st.integers(3, 40))
def test_even_odd_equals_the_scalar_reference(seed, m):
    rng = np.random.default_rng(seed)
    poly = _star(m, rng) if seed % 2 else rng.uniform(-1, 1, (m, 2))  # self-crossing too
    pts = rng.uniform(-1.1, 1.1, (300, 2))
    got = points_in_polygon(pts[:, 0], pts[:, 1], poly)
    expected = [_inside_scalar(px, py, poly) for px, py in pts]
    assert got.tolist() == expected


def test_simplify_keeps_at_most_100_vertices_and_the_shape():
    rng = np.random.default_rng(0)
    t = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
    path = np.c_[np.cos(t), np.sin(t)] * (1 + 0.05 * np.sin(7 * t))[:, None]
    simple = simplify_polygon(path)
    assert 3 <= len(simple) <= MAX_VERTICES
    pts = rng.uniform(-1.2, 1.2, (5000, 2))
    a = points_in_polygon(pts[:, 0], pts[:, 1], path)
    b = points_in_polygon(pts[:, 0], pts[:, 1], simple)
    assert np.mean(a != b) < 0.01
    assert len(simplify_polygon(path[:50])) == 50  # short paths unchanged


def test_select_with_the_density_index_equals_the_full_test():
    rng = np.random.default_rng(1)
    n = 20_000
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    rgba = np.zeros((n, 4), np.uint8)
    visible = np.flatnonzero(rng.random(n) < 0.8)
    index = DensityIndex(x, y, rgba, visible[np.argsort(x[visible])])
    poly = _star(60, rng) * 1.5 + [0.3, -0.2]
    full = visible[points_in_polygon(x[visible], y[visible], poly)]
    assert np.array_equal(select_in_polygon(poly, index=index), np.sort(full))
    everyone = np.flatnonzero(points_in_polygon(x, y, poly))
    assert np.array_equal(select_in_polygon(poly, x, y), everyone)
    assert select_in_polygon(poly[:2], x, y).size == 0


def test_a_lasso_over_a_million_points_is_fast():
    rng = np.random.default_rng(2)
    n = 1_000_000
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    order = np.argsort(x)
    index = DensityIndex(x, y, np.zeros((n, 4), np.uint8), order)
    t = np.linspace(0, 2 * np.pi, 300, endpoint=False)
    poly = np.c_[0.8 * np.cos(t), 0.5 * np.sin(3 * t) + 0.2 * np.cos(t)]
    start = time.perf_counter()
    rows = select_in_polygon(poly, index=index)
    elapsed = time.perf_counter() - start
    assert rows.size > 0
    assert elapsed < 0.5  # ~0.05 s alone on the 2-core test machine; generous when shared


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("replace", [3, 4]), ("add", [1, 2, 3, 4]), ("subtract", [1, 2]), ("invert", [0, 4])],
)
def test_combine(mode, expected):
    assert combine(np.array([1, 2, 3]), np.array([4, 3]), mode, n=5).tolist() == expected
    with pytest.raises(ValueError):
        combine(np.array([1]), np.array([2]), "xor")


def _camera(rng):
    f = 1 / np.tan(np.radians(rng.uniform(30, 80)) / 2)
    near, far = 0.1, 100.0
    proj = np.array([[f / 1.3, 0, 0, 0], [0, f, 0, 0],
                     [0, 0, (far + near) / (near - far), 2 * far * near / (near - far)],
                     [0, 0, -1, 0]])  # fmt: skip
    view = np.eye(4)
    view[2, 3] = -rng.uniform(0.5, 6)  # near the cloud: some points behind the camera
    a = rng.uniform(0, 2 * np.pi)
    rot = np.array([[np.cos(a), 0, np.sin(a), 0], [0, 1, 0, 0],
                    [-np.sin(a), 0, np.cos(a), 0], [0, 0, 0, 1]])  # fmt: skip
    return proj @ view @ rot


@pytest.mark.parametrize("seed", range(6))
def test_screen_lasso_equals_projecting_every_point(seed):
    from contrastive_viz.core.lasso import select_in_screen_polygon
    from contrastive_viz.core.screen import project

    rng = np.random.default_rng(seed)
    pts = rng.standard_normal((20_000, 3)).astype(np.float32)
    mvp, w, h = _camera(rng), 800.0, 600.0
    t = np.sort(rng.uniform(0, 2 * np.pi, 250))
    r = rng.uniform(50, 250) * (1 + 0.4 * np.cos(rng.integers(2, 7) * t))
    poly = np.c_[rng.uniform(200, 600) + r * np.cos(t), rng.uniform(150, 450) + r * np.sin(t)]
    visible = rng.random(len(pts)) < 0.8
    xy, cw = project(pts, mvp, w, h)
    simple = simplify_polygon(poly)
    expected = np.flatnonzero(points_in_polygon(xy[:, 0], xy[:, 1], simple) & (cw > 0) & visible)
    cols = tuple(np.ascontiguousarray(pts[:, k]) for k in range(3))
    got = select_in_screen_polygon(cols, mvp, w, h, poly, visible)
    # points within float32 rounding of an edge may fall either side
    assert np.setxor1d(got, expected).size <= 2
    assert expected.size > 100
    assert got.dtype == np.int64 and np.all(np.diff(got) > 0)
