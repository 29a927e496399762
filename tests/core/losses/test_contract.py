"""The numeric contract (issue 9, item 12): a finite result or a ValueError, never NaN."""

import math

import numpy as np
import pytest

from contrastive_viz.core import losses
from contrastive_viz.core.losses import TAU_MIN, check_temperature, check_temperature_range
from contrastive_viz.core.losses.temperature import TAU_FLOOR

A = np.array([1.0, 0.0, 0.0])
P = np.array([0.9, 0.1, 0.0])
N = np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.5]])


@pytest.mark.parametrize("tau", [5e-324, 1e-310, math.nextafter(TAU_FLOOR, 0)])
def test_subnormal_and_tiny_temperatures_are_refused(tau):
    with pytest.raises(ValueError, match="too small"):
        losses.info_nce(A, P, N, tau)


def test_the_smallest_accepted_temperature_gives_finite_numbers():
    r = losses.info_nce(A, P, N, TAU_FLOOR)
    assert np.isfinite(r.loss) and np.isfinite(r.grad_anchor).all()
    assert np.isfinite(losses.temperature_sweep(r.similarities, 1, [TAU_FLOOR])).all()


@pytest.mark.parametrize("tau", [True, False, np.bool_(True), "0.07", b"0.07", 0.07 + 0j, None])
def test_booleans_text_and_complex_are_not_temperatures(tau):
    with pytest.raises(ValueError, match="real number"):
        losses.info_nce(A, P, N, tau)
    with pytest.raises(ValueError, match="real number"):
        check_temperature(tau)


@pytest.mark.parametrize("tau", [0.07, 1, np.float32(0.5), np.int64(2), np.array(0.3)])
def test_real_numbers_of_any_type_are_temperatures(tau):
    assert check_temperature(tau) == float(tau)


def test_the_range_check_parses_user_text_but_refuses_booleans():
    assert check_temperature_range("0.5") == 0.5
    assert check_temperature_range(TAU_MIN) == TAU_MIN
    with pytest.raises(ValueError, match="real number"):
        check_temperature_range(True)


@pytest.mark.parametrize("which", ["anchor", "positive", "negatives"])
def test_complex_vectors_are_refused_not_truncated(which):
    args = {"anchor": A, "positive": P, "negatives": N}
    args[which] = args[which] + 1j
    with pytest.raises(ValueError, match="complex"):
        losses.info_nce(args["anchor"], args["positive"], args["negatives"], 0.1)
    with pytest.raises(ValueError, match="complex"):
        losses.uniformity(N + 1j)


@pytest.mark.parametrize("scale", [1e200, 1e300, 1e-200, 1e-310])
def test_scaled_vectors_keep_their_direction(scale):
    expected = losses.info_nce(A, P, N, 0.1)
    scaled = losses.info_nce(A * scale, P * scale, N * scale, 0.1)
    np.testing.assert_allclose(scaled.loss, expected.loss, rtol=1e-9)
    np.testing.assert_allclose(scaled.grad_anchor, expected.grad_anchor, rtol=1e-7, atol=1e-12)
    x = np.vstack([A, P, N])
    np.testing.assert_allclose(losses.uniformity(x * scale), losses.uniformity(x), rtol=1e-9)
    np.testing.assert_allclose(losses.alignment(x * scale, x[::-1]), losses.alignment(x, x[::-1]))


def test_the_largest_doubles_have_a_direction():
    big = np.finfo(float).max
    r = losses.info_nce([big, big, 0.0], [big, 0.0, big], [[0.0, big, big]], 1.0)
    assert np.isfinite(r.loss)
    np.testing.assert_allclose(r.similarities, [0.5, 0.5])


@pytest.mark.parametrize("t", [math.inf, math.nan, -1.0, 0.0, True, "2"])
def test_uniformity_refuses_t_that_is_not_finite_and_positive(t):
    with pytest.raises(ValueError, match="t must be a finite number > 0"):
        losses.uniformity(N, t=t)


@pytest.mark.parametrize("alpha", [math.inf, math.nan, 0.0])
def test_alignment_refuses_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        losses.alignment(N, N, alpha=alpha)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_temperature_sweep_refuses_non_finite_similarities(bad):
    with pytest.raises(ValueError, match=r"similarities\[1\]"):
        losses.temperature_sweep([0.9, bad, 0.1], 1, [0.1, 1.0])


@pytest.mark.parametrize("n_pos", [0, 3, -1, True, 1.0])
def test_temperature_sweep_refuses_bad_positive_counts(n_pos):
    with pytest.raises(ValueError, match="n_positives"):
        losses.temperature_sweep([0.9, 0.2, 0.1], n_pos, [0.1])


def test_temperature_sweep_is_finite_over_the_whole_range():
    taus = np.geomspace(TAU_FLOOR, 1e4, 50)
    assert np.isfinite(losses.temperature_sweep([0.9, 0.2, -1.0], 1, taus)).all()
