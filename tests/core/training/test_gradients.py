"""Analytic gradients of MLPEncoder.loss_and_grads against central finite differences."""

import numpy as np
import pytest

from contrastive_viz.core.training import MLPEncoder

MARGIN = 0.05  # every hidden pre-activation of the test inputs is at least this far from 0
EPS = 1e-6  # finite-difference step on each parameter


def _inputs_away_from_kink(encoder, n_pairs, seed):
    """Pairs (x1, x2) whose hidden pre-activations all satisfy |z| >= MARGIN.

    Candidate pairs are drawn at random and kept only when every pre-activation of both
    views is at least MARGIN from ReLU's kink at 0. A central difference moves one
    parameter by EPS, which moves any pre-activation by at most EPS * max(|x|, |h|, 1)
    (asserted below to stay far under MARGIN), so no ReLU switches inside the stencil
    and the loss is smooth there: the check is not spoiled by the kink.
    """
    rng = np.random.default_rng(seed)
    d = encoder.layer_sizes[0]
    x1, x2 = [], []
    while len(x1) < n_pairs:
        a = rng.normal(size=(1, d))
        b = a + 0.3 * rng.normal(size=(1, d))
        pre = encoder.pre_activations(np.vstack([a, b]))[:-1]  # hidden layers only
        if all(np.abs(z).min() >= MARGIN for z in pre):
            x1.append(a[0])
            x2.append(b[0])
    x1, x2 = np.array(x1), np.array(x2)
    hidden = [np.vstack([x1, x2])] + [
        np.maximum(z, 0) for z in encoder.pre_activations(np.vstack([x1, x2]))[:-1]
    ]
    assert EPS * max(1.0, max(np.abs(h).max() for h in hidden)) < MARGIN / 100
    return x1, x2


def _fd_grads(encoder, x1, x2, tau, loss, labels):
    fd = {}
    for key, p in encoder.params.items():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + EPS
            plus, _ = encoder.loss_and_grads(x1, x2, tau, loss, labels)
            p[idx] = old - EPS
            minus, _ = encoder.loss_and_grads(x1, x2, tau, loss, labels)
            p[idx] = old
            g[idx] = (plus - minus) / (2 * EPS)
        fd[key] = g
    return fd


@pytest.mark.parametrize("loss", ["nt_xent", "supcon"])
@pytest.mark.parametrize("tau", [0.01, 0.1, 1.0, 10.0])
def test_gradients_match_central_differences(loss, tau):
    encoder = MLPEncoder((5, 7, 6, 3), seed=3)  # two hidden layers: backprop through both ReLUs
    for k in encoder.params:
        if k.startswith("b"):
            encoder.params[k] += np.random.default_rng(1).normal(0, 0.3, encoder.params[k].shape)
    x1, x2 = _inputs_away_from_kink(encoder, 5, seed=int(tau * 100))
    labels = np.array([0, 1, 0, 2, 1]) if loss == "supcon" else None
    value, grads = encoder.loss_and_grads(x1, x2, tau, loss, labels)
    assert np.isfinite(value)
    fd = _fd_grads(encoder, x1, x2, tau, loss, labels)
    assert grads.keys() == encoder.params.keys()
    for key in encoder.params:
        assert grads[key].shape == encoder.params[key].shape
        err = np.linalg.norm(grads[key] - fd[key]) / np.linalg.norm(fd[key])
        assert err <= 1e-6, (key, err)


def test_a_wrong_gradient_fails_the_check():
    """The check can fail: dropping the normalization's tangent projection is caught."""
    encoder = MLPEncoder((5, 7, 3), seed=0)
    x1, x2 = _inputs_away_from_kink(encoder, 4, seed=0)
    _, grads = encoder.loss_and_grads(x1, x2, 0.5)
    fd = _fd_grads(encoder, x1, x2, 0.5, "nt_xent", None)
    wrong = 1.01 * grads["W1"]
    assert np.linalg.norm(wrong - fd["W1"]) / np.linalg.norm(fd["W1"]) > 1e-6
