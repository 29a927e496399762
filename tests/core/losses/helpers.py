"""Shared inputs of the loss tests: the article's points, finite differences, strategies."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from contrastive_viz.core.presets import ARTICLE_ANCHOR, ARTICLE_NEGATIVES, ARTICLE_POSITIVE

P1 = np.array(ARTICLE_ANCHOR)
P2 = np.array(ARTICLE_POSITIVE)
NEG = np.array(ARTICLE_NEGATIVES)


def _fd_grad(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def _unit(x):
    return x / np.linalg.norm(x)


vec = arrays(np.float64, 3, elements=st.floats(-10, 10, allow_nan=False))
negs = st.integers(1, 6).flatmap(
    lambda k: arrays(np.float64, (k, 3), elements=st.floats(-10, 10, allow_nan=False))
)
taus = st.floats(1e-4, 1e4)


def _ok(*xs):
    return all(np.all(np.linalg.norm(np.atleast_2d(x), axis=1) > 1e-3) for x in xs)
