"""Framing a cloud for a perspective camera, and the depth fog (core.camera_fit)."""

import numpy as np
import pytest

from contrastive_viz.core.camera_fit import camera_direction, fit_distance, fog_colors


def _ndc(points, center, az, el, fov, aspect, d):
    back = camera_direction(az, el)
    right = np.array([-np.sin(np.radians(az)), np.cos(np.radians(az)), 0.0])
    up = np.cross(back, right)
    rel = points - center
    depth = d - rel @ back
    tx = np.tan(np.radians(fov) / 2)
    return (rel @ right) / (depth * tx), (rel @ up) / (depth * tx / aspect)


@pytest.mark.parametrize("aspect", [0.6, 1.0, 1.8])
def test_fit_distance_fills_exactly_the_asked_fraction(aspect):
    pts = np.random.default_rng(0).standard_normal((500, 3)) * [3, 1, 0.5] + 7
    center = pts.mean(axis=0)
    d = fit_distance(pts, center, -55, 22, 60, aspect, fill=0.8, quantile=100)
    x, y = _ndc(pts, center, -55, 22, 60, aspect, d)
    assert max(np.abs(x).max(), np.abs(y).max()) == pytest.approx(0.8)


def test_fit_distance_leaves_outliers_out_and_stays_in_front():
    pts = np.zeros((1000, 3))
    pts[:, 0] = np.linspace(-1, 1, 1000)
    pts[-1] = [100, 0, 0]
    d = fit_distance(pts, np.zeros(3), 0, 0, 60, 1.0, quantile=99.5)
    assert d < 10 and d > 1  # the outlier is behind the camera's reach, not framed
    assert fit_distance(np.zeros((5, 3)), np.zeros(3), 0, 0, 60, 1.0) > 0


def test_fog_keeps_the_nearest_and_fades_the_farthest():
    rgba = np.tile([1.0, 0.5, 0.0, 0.7], (3, 1))
    coords = np.array([[1.0, 0, 0], [2, 0, 0], [3, 0, 0]])
    out = fog_colors(rgba, coords, np.zeros(3), (0.0, 0.0, 1.0, 1.0), 0.6)
    np.testing.assert_allclose(out[0], rgba[0])
    np.testing.assert_allclose(out[2, :3], 0.4 * rgba[2, :3] + 0.6 * np.array([0, 0, 1.0]))
    np.testing.assert_allclose(out[1, :3], 0.7 * rgba[1, :3] + 0.3 * np.array([0, 0, 1.0]))
    assert (out[:, 3] == 0.7).all()
