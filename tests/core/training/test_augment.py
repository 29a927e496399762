"""Augmentations: shifts, erasing, noise and dropout do what their strengths say."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.training import Augment, augment_batch
from contrastive_viz.core.training.augment import erase_images, shift_images


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 2))
def test_shift_moves_interior_content_like_roll(seed, k):
    rng = np.random.default_rng(seed)
    imgs = np.zeros((20, 8, 8))
    imgs[:, 2:6, 2:6] = rng.random((20, 4, 4))  # content k <= 2 pixels from every edge
    out = shift_images(imgs, k, np.random.default_rng(seed))
    for img, moved in zip(imgs, out, strict=True):
        matches = [
            (dy, dx)
            for dy in range(-k, k + 1)
            for dx in range(-k, k + 1)
            if np.array_equal(np.roll(img, (dy, dx), axis=(0, 1)), moved)
        ]
        assert matches, "every shifted image is the original moved by at most k pixels"
    assert not np.array_equal(out, imgs)


def test_erase_zeroes_a_small_rectangle_with_the_given_probability():
    imgs = np.ones((4000, 8, 8))
    out = erase_images(imgs, 0.25, np.random.default_rng(0))
    zeros = (out == 0).sum(axis=(1, 2))
    hit = zeros > 0
    assert abs(hit.mean() - 0.25) < 0.03
    assert zeros[hit].min() >= 1 and zeros[hit].max() <= 16
    assert np.array_equal(erase_images(imgs, 0.0, np.random.default_rng(0)), imgs)


def test_noise_std_and_dropout_fraction():
    x = np.ones((2000, 50))
    rng = np.random.default_rng(1)
    noisy = augment_batch(x, Augment(noise=0.2, dropout=0.0), rng, None)
    assert abs((noisy - x).std() - 0.2) < 0.005
    dropped = augment_batch(x, Augment(noise=0.0, dropout=0.3), rng, None)
    assert abs((dropped == 0).mean() - 0.3) < 0.01
    same = augment_batch(x, Augment(shift=0, noise=0, erase=0, dropout=0), rng, None)
    assert np.array_equal(same, x) and same is not x


def test_image_augment_keeps_shape_and_refuses_bad_strengths():
    x = np.random.default_rng(0).random((5, 64))
    out = augment_batch(x, Augment(), np.random.default_rng(0), (8, 8))
    assert out.shape == (5, 64) and out.dtype == np.float64
    for kwargs in ({"noise": -1}, {"erase": 1.5}, {"shift": np.nan}, {"dropout": 1.0}):
        with pytest.raises(ValueError):
            Augment(**kwargs)
