"""Closed-form loss bounds against hand values and against the loss itself."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.bounds import mutual_information_bound, softmax_bounds
from contrastive_viz.core.losses import info_nce, supcon_anchor, temperature_sweep

Z = np.array([0.0, 0.0, 1.0])


def test_hand_values_k5_tau1():
    b = softmax_bounds(5, 1.0)
    assert b["all_equal"] == pytest.approx(math.log(6), rel=1e-15)
    assert b["best"] == pytest.approx(math.log(1 + 5 * math.exp(-2)), rel=1e-15)
    assert b["worst"] == pytest.approx(math.log(math.exp(-1) + 5 * math.e) + 1, rel=1e-15)
    assert isinstance(b["best"], float)


def test_hand_values_article_temperature():
    # K = 5, tau = 0.07: e^(-2/0.07) ~ 3.8e-13, so the best case is ~ 5 * 3.8e-13.
    b = softmax_bounds(5, 0.07)
    assert b["best"] == pytest.approx(5 * math.exp(-2 / 0.07), rel=1e-12)
    assert b["worst"] == pytest.approx(2 / 0.07 + math.log(5), rel=1e-12)


def test_supcon_counts_every_positive():
    b = softmax_bounds(4, 0.5, n_positives=3)
    assert b["all_equal"] == pytest.approx(math.log(7))
    assert b["best"] == pytest.approx(math.log(3 + 4 * math.exp(-4)))


def test_bounds_are_attained_by_the_loss():
    k, tau = 5, 0.3
    b = softmax_bounds(k, tau)
    best = info_nce(Z, Z, np.tile(-Z, (k, 1)), tau).loss
    worst = info_nce(Z, -Z, np.tile(Z, (k, 1)), tau).loss
    flat = info_nce(Z, [1.0, 0, 0], np.tile([0.0, 1.0, 0], (k, 1)), tau).loss
    assert best == pytest.approx(b["best"], rel=1e-12)
    assert worst == pytest.approx(b["worst"], rel=1e-12)
    assert flat == pytest.approx(b["all_equal"], rel=1e-12)
    pos = np.tile(Z, (2, 1))
    assert supcon_anchor(Z, pos, np.tile(-Z, (k, 1)), tau).loss == pytest.approx(
        softmax_bounds(k, tau, 2)["best"], rel=1e-12
    )


def test_extreme_temperatures_stay_finite():
    b = softmax_bounds(1000, np.array([1e-4, 1.0, 1e4]))
    assert b["best"].shape == (3,)
    assert np.all(np.isfinite(b["best"])) and np.all(np.isfinite(b["worst"]))
    assert b["best"][0] == 0.0
    assert b["worst"][0] == pytest.approx(2e4 + math.log(1000))
    assert b["best"][2] == pytest.approx(math.log(1001), rel=1e-3)


@settings(max_examples=50, deadline=None)
@given(
    sims=st.lists(st.floats(-1, 1), min_size=2, max_size=20),
    log_tau=st.floats(-4, 4),
)
def test_every_loss_lies_between_best_and_worst(sims, log_tau):
    tau = 10.0**log_tau
    loss = temperature_sweep(np.array(sims), 1, [tau])[0]
    b = softmax_bounds(len(sims) - 1, tau)
    assert b["best"] - 1e-9 <= loss <= b["worst"] * (1 + 1e-12) + 1e-9


def test_mutual_information_bound():
    assert mutual_information_bound(5, 0.0) == pytest.approx(math.log(6))
    assert mutual_information_bound(5, math.log(6)) == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(
        mutual_information_bound(1, np.array([0.0, 1.0])), [0.6931, -0.3069], atol=1e-4
    )


@pytest.mark.parametrize(
    "k, tau, p",
    [
        (0, 1.0, 1),
        (2.5, 1.0, 1),
        (3, 0.0, 1),
        (3, -1, 1),
        (3, np.nan, 1),
        (3, np.inf, 1),
        (3, 1.0, 0),
    ],
)
def test_invalid_arguments(k, tau, p):
    with pytest.raises(ValueError):
        softmax_bounds(k, tau, p)
