"""The series views' numbers: interpolation between steps, trails, colour codes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.series_view_math import (
    clamp_position,
    interpolate,
    step_pair,
    trail,
    value_codes,
)


def coords(steps=4, n=5, c=2, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, c)).astype(np.float32)


def test_integer_positions_are_the_steps_exactly():
    x = coords()
    for i in range(4):
        assert np.array_equal(interpolate(x, float(i)), x[i])


def test_a_quarter_of_the_way_by_hand():
    x = np.zeros((2, 1, 2), np.float32)
    x[1] = [[4.0, -8.0]]
    assert interpolate(x, 0.25).tolist() == [[1.0, -2.0]]


def test_out_of_range_and_nan_positions_clamp():
    x = coords()
    assert np.array_equal(interpolate(x, -3.0), x[0])
    assert np.array_equal(interpolate(x, 99.0), x[3])
    assert clamp_position(float("nan"), 4) == 0.0
    assert clamp_position(2.0, 0) == 0.0
    assert step_pair(3.0, 4) == (3, 3, 0.0)


def test_out_buffer_is_reused():
    x = coords()
    buf = np.empty((5, 2), np.float32)
    assert interpolate(x, 1.5, buf) is buf
    np.testing.assert_allclose(buf, (x[1] + x[2]) / 2, rtol=1e-6)


def test_bad_shape_is_refused():
    with pytest.raises(ValueError, match="steps, n, c"):
        interpolate(np.zeros((3, 2)), 0.0)


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 3, allow_nan=False), st.integers(0, 1000))
def test_interpolation_is_the_convex_combination(p, seed):
    x = coords(seed=seed).astype(np.float64)
    i, j, t = step_pair(p, 4)
    expected = (1 - t) * x[i] + t * x[j]
    np.testing.assert_allclose(interpolate(x, p), expected, atol=1e-5)
    assert i <= p <= j


def test_trail_follows_one_point():
    x = coords()
    np.testing.assert_array_equal(trail(x, 2), x[:, 2, :])
    with pytest.raises(IndexError):
        trail(x, 5)


def test_value_codes_span_the_levels_and_mark_nan():
    codes, lo, hi = value_codes(np.array([0.0, 0.5, 1.0, np.nan]), levels=11)
    assert codes.tolist() == [0, 5, 10, 11] and (lo, hi) == (0.0, 1.0)
    assert value_codes(np.array([2.0, 2.0]))[0].tolist() == [0, 0]
    assert value_codes(np.array([np.nan]), levels=4)[0].tolist() == [4]
