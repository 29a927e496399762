"""Alignment and uniformity against their closed forms and naive pair sums."""

import math

import numpy as np
import pytest

from contrastive_viz.core.losses import alignment, uniformity


def test_alignment_is_two_minus_two_mean_cos():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(20, 6)), rng.normal(size=(20, 6))
    xu = x / np.linalg.norm(x, axis=1, keepdims=True)
    yu = y / np.linalg.norm(y, axis=1, keepdims=True)
    cos = np.sum(xu * yu, axis=1)
    assert alignment(x, y) == pytest.approx(2 - 2 * cos.mean(), rel=1e-12)
    assert alignment(x, x) == pytest.approx(0.0, abs=1e-15)


def test_uniformity_values():
    assert uniformity(np.tile([0.0, 1.0, 0.0], (10, 1))) == pytest.approx(0.0, abs=1e-12)
    rng = np.random.default_rng(8)
    x = rng.normal(size=(3000, 3))
    # Exactly: E exp(-2|x-y|^2) on S^2 = (1 - e^-8)/8, so the limit is log of that.
    assert uniformity(x, block=700) == pytest.approx(math.log((1 - math.exp(-8)) / 8), abs=0.03)


def test_uniformity_matches_naive_pairs():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(30, 4))
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    vals = [math.exp(-2 * np.sum((u[i] - u[j]) ** 2)) for i in range(30) for j in range(i + 1, 30)]
    assert uniformity(x, block=7) == pytest.approx(math.log(np.mean(vals)), rel=1e-12)
