"""Triplet and margin contrastive losses: finite differences and hand-derived values."""

import numpy as np
import pytest
from hypothesis import assume, given, settings

from contrastive_viz.core.losses import margin_contrastive, supcon_anchor, triplet

from .helpers import _fd_grad, _ok, _unit, negs, taus, vec


@pytest.mark.parametrize("fn", [triplet, margin_contrastive])
def test_margin_losses_gradients_match_finite_differences(fn):
    for seed in range(5):
        rng = np.random.default_rng(seed)
        a, p = _unit(rng.normal(size=3)), _unit(rng.normal(size=3))
        n = rng.normal(size=(4, 3))
        r = fn(a, p, n, 0.5)
        fd = _fd_grad(lambda x, p=p, n=n: fn(x, p, n, 0.5).loss, a)
        np.testing.assert_allclose(r.grad_anchor, fd, atol=1e-6)


def test_triplet_and_margin_hand_values():
    a, p = np.array([1.0, 0.0]), np.array([0.0, 1.0])  # s_p = 0
    n = np.array([[1.0, 1.0], [-1.0, 0.0]])  # s = 0.7071, -1
    r = triplet(a, p, n, margin=0.2)
    assert r.loss == pytest.approx((np.sqrt(0.5) + 0.2 + 0.0) / 2)
    np.testing.assert_allclose(r.negative_weights, [1.0, 0.0])
    m = margin_contrastive(a, p, n, margin=1.0)
    d_neg0 = np.sqrt(2 - 2 * np.sqrt(0.5))
    assert m.loss == pytest.approx(0.5 * 2.0 + 0.5 * ((1 - d_neg0) ** 2 + 0) / 2)


@settings(max_examples=100, deadline=None)
@given(vec, vec, negs, taus)
def test_other_losses_stay_finite(a, p, n, tau):
    assume(_ok(a, p, n))
    for r in (triplet(a, p, n), margin_contrastive(a, p, n), supcon_anchor(a, [p, a], n, tau)):
        assert np.isfinite(r.loss) and r.loss >= 0
        assert np.isfinite(r.grad_anchor).all()
