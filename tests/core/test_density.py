"""Density binning of the 2-D explorer view (core.density) against numpy's histogram2d."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from contrastive_viz.core.density import DensityIndex, bin_counts


def test_counts_match_histogram2d_on_random_data():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, 5000)).astype(np.float32)
    rect = (-2.0, -1.5, 2.0, 1.5)  # left, top (least y), right, bottom
    width, height = 40, 30
    _flat, counts = bin_counts(x, y, rect, width, height)
    # Bin edges exactly as the binning computes them (float32 steps).
    xs = (x - np.float32(-2.0)) * np.float32(width / 4.0)
    ys = (y - np.float32(-1.5)) * np.float32(height / 3.0)
    # histogram2d closes its last bin on the right; the binning leaves that edge out.
    m = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    ref, _, _ = np.histogram2d(ys[m], xs[m], bins=[height, width], range=[[0, height], [0, width]])
    assert 0 < m.sum() < x.size
    np.testing.assert_array_equal(counts.reshape(height, width), ref.astype(np.int64))


def test_index_queries_and_image():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-1, 1, size=(2, 2000)).astype(np.float32)
    rgba = np.zeros((2000, 4), np.uint8)
    rgba[:, 0], rgba[:, 3] = 200, 255
    visible = np.flatnonzero(rng.random(2000) < 0.5)
    index = DensityIndex(x, y, rgba, visible[np.argsort(x[visible])])
    rect = (-0.5, -0.25, 0.25, 0.75)
    inside = (x >= -0.5) & (x <= 0.25) & (y >= -0.25) & (y <= 0.75)
    expected = np.intersect1d(np.flatnonzero(inside), visible)
    np.testing.assert_array_equal(np.sort(index.in_rect(rect)), expected)
    assert index.count(rect) == expected.size
    image = index.image(rect, 16, 8)
    assert image.shape == (8, 16, 4) and image.dtype == np.uint8
    filled = image[..., 3] > 0
    assert filled.any() and np.all(image[filled, 0] == 200) and np.all(image[..., 1] == 0)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float32, st.integers(0, 300), elements=st.floats(-10, 10, width=32)),
    st.integers(1, 50),
    st.integers(1, 50),
)
def test_counts_sum_to_the_points_in_range(values, width, height):
    x, y = values, values[::-1].copy()
    rect = (-3.0, -4.0, 5.0, 6.0)
    flat, counts = bin_counts(x, y, rect, width, height)
    fx = np.floor((x + np.float32(3.0)) * np.float32(width / 8.0))
    fy = np.floor((y + np.float32(4.0)) * np.float32(height / 10.0))
    in_range = (fx >= 0) & (fx < width) & (fy >= 0) & (fy < height)
    assert counts.sum() == np.count_nonzero(in_range)
    assert flat.shape == x.shape and np.all(flat[~in_range] == width * height)


def test_around_widens_the_view_within_the_budget():
    x = np.linspace(0, 9, 10, dtype=np.float32)
    y = np.zeros(10, np.float32)
    index = DensityIndex(x, y, np.zeros((10, 4), np.uint8), np.arange(10))
    rows, edges = index.around((4.0, -1.0, 5.0, 1.0), budget=4)
    np.testing.assert_array_equal(rows, [3, 4, 5, 6])  # 100 % wider holds 4 points
    assert edges == (3.0, -3.0, 6.0, 3.0)
    rows, edges = index.around((4.0, -1.0, 5.0, 1.0), budget=1)
    np.testing.assert_array_equal(rows, [4, 5])  # over budget even at 0 %: the view itself
    assert edges == (4.0, -1.0, 5.0, 1.0)
