"""Keyboard rotations of a vector about the view's axes."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contrastive_viz.core.nudge import nudge, rotate_about

finite = st.floats(-1.0, 1.0, allow_nan=False)
vectors = st.tuples(finite, finite, finite).filter(lambda v: np.linalg.norm(v) > 0.1)


def test_rotate_about_hand_values():
    # 90° about z takes x to y, y to -x; about x takes y to z
    assert rotate_about([1, 0, 0], [0, 0, 1], math.pi / 2) == pytest.approx([0, 1, 0], abs=1e-12)
    assert rotate_about([0, 1, 0], [0, 0, 2], math.pi / 2) == pytest.approx([-1, 0, 0], abs=1e-12)
    assert rotate_about([0, 1, 0], [1, 0, 0], math.pi / 2) == pytest.approx([0, 0, 1], abs=1e-12)
    # 120° about (1,1,1) permutes the axes: x -> y -> z
    assert rotate_about([1, 0, 0], [1, 1, 1], 2 * math.pi / 3) == pytest.approx(
        [0, 1, 0], abs=1e-12
    )


@given(vectors, vectors, st.floats(-7, 7, allow_nan=False))
def test_rotation_keeps_length_and_the_angle_to_the_axis(v, axis, angle):
    v, axis = np.array(v), np.array(axis)
    out = rotate_about(v, axis, angle)
    assert np.linalg.norm(out) == pytest.approx(np.linalg.norm(v), rel=1e-9)
    k = axis / np.linalg.norm(axis)
    assert out @ k == pytest.approx(v @ k, abs=1e-9)
    # and it agrees with the rotation matrix exp(angle [k]x)
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + math.sin(angle) * K + (1 - math.cos(angle)) * K @ K
    assert out == pytest.approx(R @ v, abs=1e-9)


def test_keys_move_a_facing_vector_the_way_they_point():
    right, up = np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])
    facing = np.cross(right, up)  # towards the camera: (1, 0, 0)
    step = 5.0
    moved = nudge(facing, right, up, +1, 0, step)  # →
    assert moved @ right == pytest.approx(math.sin(math.radians(step)))
    assert moved @ up == pytest.approx(0.0, abs=1e-12)
    moved = nudge(facing, right, up, 0, +1, step)  # ↑
    assert moved @ up == pytest.approx(math.sin(math.radians(step)))
    left = nudge(facing, right, up, -1, 0, step)
    assert left @ right == pytest.approx(-math.sin(math.radians(step)))
    # the angle turned is the step, and a fine step is smaller
    assert math.degrees(math.acos(moved @ facing)) == pytest.approx(step)
    fine = nudge(facing, right, up, 0, -1, 1.0)
    assert math.degrees(math.acos(fine @ facing)) == pytest.approx(1.0)


@given(vectors, st.sampled_from([-1, 0, 1]), st.sampled_from([-1, 0, 1]))
def test_nudge_returns_a_unit_vector_and_reverses(v, h, k):
    right, up = np.array([1.0, 0, 0]), np.array([0, 0.6, 0.8])
    out = nudge(v, right, up, h, k, 5.0)
    assert np.linalg.norm(out) == pytest.approx(1.0)
    if k == 0:  # a turn about one axis is undone by the opposite key
        back = nudge(out, right, up, -h, 0, 5.0)
        assert back == pytest.approx(np.array(v) / np.linalg.norm(v), abs=1e-9)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="non-zero axis"):
        rotate_about([1, 0, 0], [0, 0, 0], 0.1)
    with pytest.raises(ValueError, match="finite"):
        rotate_about([np.nan, 0, 0], [0, 0, 1], 0.1)
