"""Augmentations that make the two views of a contrastive pair, vectorized over a batch.

The built-in digits (8×8 images, values scaled to [0, 1]) get small shifts, Gaussian
noise and random erasing; any other data gets Gaussian noise and feature dropout.
Every strength is a number >= 0, and 0 turns that augmentation off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Augment", "augment_batch", "erase_images", "shift_images"]


def _strength(value: float, name: str, upper: float | None = None) -> float:
    v = float(value)
    if not np.isfinite(v) or v < 0 or (upper is not None and v > upper):
        bound = f"[0, {upper:g}]" if upper is not None else ">= 0"
        raise ValueError(f"{name} must be a finite number in {bound}, got {value!r}")
    return v


@dataclass(frozen=True)
class Augment:
    """Strengths of the augmentations.

    Attributes
    ----------
    shift : float
        Digits only: the largest shift in pixels (rounded down), each axis drawn uniformly.
    noise : float
        Standard deviation of additive Gaussian noise, in units of the data's scale
        (1 for the digits scaled to [0, 1]).
    erase : float
        Digits only: the probability that a random rectangle (2–4 pixels a side) is zeroed.
    dropout : float
        Other data only: the probability that each feature is zeroed (in [0, 1)).
    """

    shift: float = 1.0
    noise: float = 0.1
    erase: float = 0.25
    dropout: float = 0.1

    def __post_init__(self) -> None:
        _strength(self.shift, "shift", 3)
        _strength(self.noise, "noise")
        _strength(self.erase, "erase", 1)
        _strength(self.dropout, "dropout", 0.95)


def shift_images(images: np.ndarray, max_shift: int, rng: np.random.Generator) -> np.ndarray:
    """Each (h, w) image of ``images`` (n, h, w) moved by its own random integer (dy, dx).

    Pixels moved in from outside are 0.
    """
    n, h, w = images.shape
    k = int(max_shift)
    if k <= 0:
        return images.copy()
    dy = rng.integers(-k, k + 1, size=n)
    dx = rng.integers(-k, k + 1, size=n)
    padded = np.pad(images, ((0, 0), (k, k), (k, k)))
    rows = np.arange(h)[None, :, None] + k - dy[:, None, None]
    cols = np.arange(w)[None, None, :] + k - dx[:, None, None]
    return padded[np.arange(n)[:, None, None], rows, cols]


def erase_images(images: np.ndarray, probability: float, rng: np.random.Generator) -> np.ndarray:
    """Zero a random rectangle (2–4 pixels a side) in each image with ``probability``."""
    n, h, w = images.shape
    hit = rng.random(n) < probability
    eh = rng.integers(2, 5, size=n)
    ew = rng.integers(2, 5, size=n)
    top = rng.integers(0, h - 1, size=n)
    left = rng.integers(0, w - 1, size=n)
    r = np.arange(h)[None, :, None]
    c = np.arange(w)[None, None, :]
    inside = (
        (r >= top[:, None, None])
        & (r < (top + eh)[:, None, None])
        & (c >= left[:, None, None])
        & (c < (left + ew)[:, None, None])
        & hit[:, None, None]
    )
    return np.where(inside, 0.0, images)


def augment_batch(
    x: np.ndarray, aug: Augment, rng: np.random.Generator, image_shape: tuple[int, int] | None
) -> np.ndarray:
    """One augmented view of the rows of ``x`` (n, d), as float64.

    With ``image_shape`` (the digits: ``(8, 8)``) the rows are images: shift, erase,
    then noise. Otherwise: feature dropout, then noise.
    """
    x = np.asarray(x, dtype=np.float64)
    if image_shape is not None:
        imgs = x.reshape(x.shape[0], *image_shape)
        if aug.shift >= 1:
            imgs = shift_images(imgs, int(aug.shift), rng)
        if aug.erase > 0:
            imgs = erase_images(imgs, aug.erase, rng)
        out = imgs.reshape(x.shape[0], -1)
    else:
        out = x
        if aug.dropout > 0:
            out = out * (rng.random(x.shape) >= aug.dropout)
    if aug.noise > 0:
        out = out + rng.normal(0.0, aug.noise, size=out.shape)
    return np.array(out, dtype=np.float64)  # always a fresh array
