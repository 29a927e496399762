"""Sphere geometry: every result is checked against an independent fact."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from contrastive_viz.core import sphere
from contrastive_viz.core.losses import info_nce

v3 = arrays(np.float64, 3, elements=st.floats(-5, 5, allow_nan=False))


def test_normalize_and_errors():
    np.testing.assert_allclose(sphere.normalize([3.0, 4.0]), [0.6, 0.8])
    np.testing.assert_allclose(np.linalg.norm(sphere.normalize(np.ones((4, 5))), axis=1), 1)
    with pytest.raises(ValueError, match="zero"):
        sphere.normalize([0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        sphere.normalize([np.nan, 1.0])


def test_spherical_known_points_and_round_trip():
    az, el = sphere.to_spherical([[0, 1, 0], [0, 0, 2], [-1, 0, 0]])
    np.testing.assert_allclose(az[[0, 2]], [np.pi / 2, np.pi])
    np.testing.assert_allclose(el, [0, np.pi / 2, 0])
    rng = np.random.default_rng(1)
    u = sphere.random_unit_vectors(50, 3, rng)
    np.testing.assert_allclose(sphere.from_spherical(*sphere.to_spherical(u)), u, atol=1e-12)


def test_ray_hits_front_of_sphere():
    p, hit = sphere.ray_sphere([0, 0, 5], [0, 0, -1])
    assert hit
    np.testing.assert_allclose(p, [0, 0, 1])
    p, hit = sphere.ray_sphere([0.5, 0, 5], [0, 0, -1])
    assert hit
    np.testing.assert_allclose(p, [0.5, 0, np.sqrt(0.75)])


def test_ray_miss_goes_to_silhouette():
    p, hit = sphere.ray_sphere([3, 0, 5], [0, 0, -1])
    assert not hit
    np.testing.assert_allclose(p, [1, 0, 0], atol=1e-12)
    # A ray pointing away from the sphere still gives the nearest point.
    p, hit = sphere.ray_sphere([0, 0, 5], [0, 0, 1])
    assert not hit
    np.testing.assert_allclose(p, [0, 0, 1])


@settings(max_examples=100, deadline=None)
@given(v3, v3)
def test_ray_result_is_on_sphere_and_on_ray_when_hit(o, d):
    assume(np.linalg.norm(d) > 1e-3 and np.linalg.norm(o) > 1.01)
    p, hit = sphere.ray_sphere(o, d)
    assert np.linalg.norm(p) == pytest.approx(1.0, abs=1e-12)
    if hit:
        w = p - o
        cross = np.cross(w, d / np.linalg.norm(d))
        assert np.linalg.norm(cross) < 1e-8 * max(1.0, np.linalg.norm(w))


def test_slerp_endpoints_unit_norm_and_constant_speed():
    a, b = sphere.normalize([1.0, 0.2, 0.0]), sphere.normalize([0.0, 1.0, 1.0])
    ts = np.linspace(0, 1, 11)
    path = sphere.slerp(a, b, ts)
    np.testing.assert_allclose(path[0], a, atol=1e-12)
    np.testing.assert_allclose(path[-1], b, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), 1, atol=1e-12)
    steps = np.arccos(np.clip(np.sum(path[1:] * path[:-1], axis=1), -1, 1))
    np.testing.assert_allclose(steps, steps[0], atol=1e-9)
    anti = sphere.slerp(a, -a, 0.5)
    assert abs(anti @ a) < 1e-9
    np.testing.assert_allclose(sphere.slerp(a, a, 0.3), a)


def test_tangent_projection_is_orthogonal():
    at = sphere.normalize([1.0, 2.0, 3.0])
    t = sphere.tangent_project([4.0, -1.0, 2.0], at)
    assert abs(t @ at) < 1e-12


def test_geodesic_step_stays_on_sphere_and_descends():
    rng = np.random.default_rng(2)
    a, p, n = sphere.random_unit_vectors(1, 3, rng)[0], [0, 0, 1.0], rng.normal(size=(5, 3))
    r = info_nce(a, p, n, 0.2)
    a2 = sphere.geodesic_step(a, r.grad_anchor, 0.01)
    assert np.linalg.norm(a2) == pytest.approx(1.0, abs=1e-14)
    assert info_nce(a2, p, n, 0.2).loss < r.loss
    angle = np.arccos(np.clip(a @ a2, -1, 1))
    assert angle == pytest.approx(0.01 * np.linalg.norm(r.grad_anchor), rel=1e-6)
    np.testing.assert_allclose(sphere.geodesic_step(a, np.zeros(3), 0.1), a)
