"""InfoNCE, SupCon for one anchor and temperature sweeps against the article's numbers,
hand-derived values, finite differences and their defining properties."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contrastive_viz.core import losses
from contrastive_viz.core.losses import info_nce, supcon_anchor

from .helpers import NEG, P1, P2, _fd_grad, _ok, _unit, negs, taus, vec

RNG = np.random.default_rng(0)
CASES = [(d, k, tau) for d in (2, 3, 8) for k in (1, 4) for tau in (0.1, 0.5, 2.0)]


# ---------------------------------------------------------------- the article


def test_article_cosines():
    r = info_nce(P1, P2, NEG, 1.0)
    assert r.similarities[0] == pytest.approx(0.999999716600668, abs=1e-8)
    expected = [-0.91504053, 0.30543542, -0.37760565, -0.44443608, -0.64698801]
    np.testing.assert_allclose(r.similarities[1:], expected, atol=2e-8)


def test_article_softmax_at_tau_1():
    r = info_nce(P1, P2, NEG, 1.0)
    expected = [0.4296791, 0.0633071, 0.2145353, 0.1083572, 0.1013523, 0.0827687]
    np.testing.assert_allclose(r.probabilities, expected, atol=1e-7)
    np.testing.assert_allclose(r.logits, r.similarities)


def test_article_loss_at_tau_007():
    r = info_nce(P1, P2, NEG, 0.07)
    assert r.loss == pytest.approx(4.9068650660314756e-05, rel=1e-6)
    assert r.loss == pytest.approx(-math.log(r.probabilities[0]), rel=1e-9)
    np.testing.assert_allclose(r.logits, r.similarities / 0.07)


# ------------------------------------------------------- finite differences


@pytest.mark.parametrize(("d", "k", "tau"), CASES)
def test_info_nce_gradients_match_finite_differences(d, k, tau):
    a, p = _unit(RNG.normal(size=d)), _unit(RNG.normal(size=d))
    n = RNG.normal(size=(k, d))
    r = info_nce(a, p, n, tau)
    # The loss depends on directions only, so at unit vectors the raw gradient
    # is the tangent-projected one.
    fd_a = _fd_grad(lambda x: info_nce(x, p, n, tau).loss, a)
    np.testing.assert_allclose(r.grad_anchor, fd_a, atol=1e-7)
    fd_p = _fd_grad(lambda x: info_nce(a, x, n, tau).loss, p)
    np.testing.assert_allclose(r.grad_positive, fd_p, atol=1e-7)
    nu = n / np.linalg.norm(n, axis=1, keepdims=True)
    for j in range(k):

        def f(x, j=j):
            m = nu.copy()
            m[j] = x
            return info_nce(a, p, m, tau).loss

        np.testing.assert_allclose(r.grad_negatives[j], _fd_grad(f, nu[j]), atol=1e-7)


def test_info_nce_gradient_formula_from_design_note():
    a, p = _unit(RNG.normal(size=5)), _unit(RNG.normal(size=5))
    n = RNG.normal(size=(3, 5))
    nu = n / np.linalg.norm(n, axis=1, keepdims=True)
    tau = 0.3
    r = info_nce(a, p, n, tau)
    k_hat = np.vstack([p, nu])
    ambient = (r.probabilities @ k_hat - p) / tau
    np.testing.assert_allclose(r.grad_anchor, ambient - (ambient @ a) * a, atol=1e-12)
    np.testing.assert_allclose(r.dloss_dsim[1:], r.probabilities[1:] / tau)
    assert r.dloss_dsim[0] == pytest.approx(-(1 - r.probabilities[0]) / tau)
    assert abs(r.grad_anchor @ a) < 1e-12


@pytest.mark.parametrize("tau", [0.1, 1.0])
def test_supcon_anchor_gradient_matches_finite_differences(tau):
    a = _unit(RNG.normal(size=4))
    pos, neg = RNG.normal(size=(3, 4)), RNG.normal(size=(5, 4))
    r = supcon_anchor(a, pos, neg, tau)
    fd = _fd_grad(lambda x: supcon_anchor(x, pos, neg, tau).loss, a)
    np.testing.assert_allclose(r.grad_anchor, fd, atol=1e-7)
    assert r.kind == "supcon"


# -------------------------------------------------------------- known values


def test_all_similarities_equal_gives_log_k_plus_1():
    k = 7
    anchor = np.array([0.0, 0.0, 1.0])
    ring = [[np.cos(t), np.sin(t), 0.3] for t in np.linspace(0, 2 * np.pi, k + 1, endpoint=False)]
    r = info_nce(anchor, ring[0], ring[1:], 0.05)
    assert r.loss == pytest.approx(math.log(k + 1), rel=1e-12)
    np.testing.assert_allclose(r.negative_weights, np.full(k, 1 / k))


@pytest.mark.parametrize("tau", [1e-3, 1e-4])
def test_zero_temperature_limit(tau):
    a, p = _unit(RNG.normal(size=6)), _unit(RNG.normal(size=6))
    n = RNG.normal(size=(4, 6))
    r = info_nce(a, p, n, tau)
    gap = max(0.0, r.similarities[1:].max() - r.similarities[0])
    # tau*L - gap lies in [0, tau*log(K+1)].
    assert gap - 1e-12 <= tau * r.loss <= gap + tau * math.log(5) + 1e-12


def test_high_temperature_limit_is_log_k_plus_1():
    r = info_nce(P1, P2, NEG, 1e4)
    assert r.loss == pytest.approx(math.log(6), rel=1e-3)


def test_best_case_bound():
    tau, k = 0.2, 4
    a = np.array([1.0, 0.0, 0.0])
    r = info_nce(a, a, -np.tile(a, (k, 1)), tau)
    assert r.loss == pytest.approx(math.log1p(k * math.exp(-2 / tau)), rel=1e-12)


def test_negative_weights_concentrate_on_hardest_as_tau_shrinks():
    r_hot = info_nce(P1, P2, NEG, 10.0)
    r_cold = info_nce(P1, P2, NEG, 0.01)
    hardest = int(np.argmax(r_cold.similarities[1:]))
    assert r_cold.negative_weights[hardest] > 0.99
    assert r_hot.negative_weights.max() < 0.3
    soft = np.exp(r_hot.logits[1:] - r_hot.logits[1:].max())
    np.testing.assert_allclose(r_hot.negative_weights, soft / soft.sum())


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(vec, vec, negs, taus)
def test_properties_of_info_nce(a, p, n, tau):
    assume(_ok(a, p, n))
    r = info_nce(a, p, n, tau)
    assert r.loss >= 0
    assert np.isfinite(r.loss) and np.isfinite(r.grad_anchor).all()
    assert np.isfinite(r.grad_others).all() and np.isfinite(r.negative_weights).all()
    assert r.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert r.negative_weights.sum() == pytest.approx(1.0, abs=1e-9)
    assert r.loss >= math.log1p(len(n) * math.exp(-2 / tau)) - 1e-12


@settings(max_examples=100, deadline=None)
@given(vec, vec, negs, taus, st.floats(0.01, 100), st.randoms(use_true_random=False))
def test_scaling_and_permutation_invariance(a, p, n, tau, scale, rnd):
    assume(_ok(a, p, n))
    r = info_nce(a, p, n, tau)
    perm = list(range(len(n)))
    rnd.shuffle(perm)
    r2 = info_nce(a * scale, p / scale, n[perm] * scale, tau)
    assert r2.loss == pytest.approx(r.loss, rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(r2.negative_weights, r.negative_weights[perm], atol=1e-9)


# --------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.zeros(3), P2, NEG, 0.1), "zero vector"),
        ((P1, [np.nan, 0, 1], NEG, 0.1), "NaN"),
        ((P1, P2, NEG[:, :2], 0.1), "dimension"),
        ((P1, P2[:2], NEG, 0.1), "dimension"),
        ((P1, P2, np.empty((0, 3)), 0.1), "empty"),
        ((P1, P2, NEG, 0.0), "temperature"),
        ((P1, P2, NEG, -1.0), "temperature"),
        ((P1, P2, NEG, float("inf")), "temperature"),
        ((P1, P2, NEG, float("nan")), "temperature"),
        ((P1, P2, NEG, "hot"), "temperature"),
        (([1.0], [1.0], [[1.0]], 0.1), "d >= 2"),
    ],
)
def test_bad_input_raises_value_error(args, message):
    with pytest.raises(ValueError, match=message):
        info_nce(*args)


def test_temperature_sweep_matches_pointwise_losses():
    taus = np.geomspace(1e-4, 1e4, 17)
    sweep = losses.temperature_sweep(info_nce(P1, P2, NEG, 1).similarities, 1, taus)
    np.testing.assert_allclose(sweep, [info_nce(P1, P2, NEG, t).loss for t in taus], rtol=1e-12)
    r = supcon_anchor(P1, [P2, NEG[0]], NEG[1:], 0.2)
    sweep2 = losses.temperature_sweep(r.similarities, 2, [0.2])
    assert sweep2[0] == pytest.approx(r.loss, rel=1e-12)
