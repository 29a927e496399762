"""NT-Xent and SupCon over a batch, against hand values and naive implementations."""

import math

import numpy as np
import pytest

from contrastive_viz.core import losses
from contrastive_viz.core.losses import info_nce, nt_xent, supcon, supcon_anchor, triplet

from .helpers import NEG, P1, P2


def test_two_orthogonal_pairs_at_half_temperature():
    e = np.eye(2)
    assert nt_xent(e, e, 0.5) == pytest.approx(math.log(1 + 2 * math.exp(-2)), rel=1e-12)


def test_nt_xent_is_mean_of_per_anchor_info_nce():
    rng = np.random.default_rng(3)
    z1, z2 = rng.normal(size=(5, 8)), rng.normal(size=(5, 8))
    z = np.vstack([z1, z2])
    per = []
    for i in range(10):
        j = (i + 5) % 10
        others = [k for k in range(10) if k not in (i, j)]
        per.append(info_nce(z[i], z[j], z[others], 0.2).loss)
    assert nt_xent(z1, z2, 0.2) == pytest.approx(np.mean(per), rel=1e-12)


def _naive_supcon(f, labels, tau):
    f = f / np.linalg.norm(f, axis=1, keepdims=True)
    n = len(f)
    terms = []
    for i in range(n):
        pos = [p for p in range(n) if p != i and labels[p] == labels[i]]
        if not pos:
            continue
        denom = sum(math.exp(f[i] @ f[a] / tau) for a in range(n) if a != i)
        terms.append(np.mean([-math.log(math.exp(f[i] @ f[p] / tau) / denom) for p in pos]))
    return float(np.mean(terms))


def test_supcon_matches_naive_definition():
    rng = np.random.default_rng(4)
    f = rng.normal(size=(9, 5))
    labels = ["a", "b", "a", "c", "b", "a", "d", "c", "b"]
    assert supcon(f, labels, 0.5) == pytest.approx(_naive_supcon(f, labels, 0.5), rel=1e-12)


def test_supcon_per_anchor_matches_supcon_anchor():
    rng = np.random.default_rng(5)
    f = rng.normal(size=(6, 4))
    labels = [0, 0, 0, 1, 1, 1]
    # anchor 0: positives 1, 2; negatives 3, 4, 5
    single = supcon_anchor(f[0], f[[1, 2]], f[[3, 4, 5]], 0.3).loss
    full = [
        supcon_anchor(f[i], f[[j for j in (0, 1, 2) if j != i]], f[3:], 0.3).loss for i in (0, 1, 2)
    ]
    full += [
        supcon_anchor(f[i], f[[j for j in (3, 4, 5) if j != i]], f[:3], 0.3).loss for i in (3, 4, 5)
    ]
    assert single == pytest.approx(full[0])
    assert supcon(f, labels, 0.3) == pytest.approx(np.mean(full), rel=1e-12)


def test_supcon_with_one_positive_each_is_nt_xent():
    rng = np.random.default_rng(6)
    z1, z2 = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    labels = list(range(4)) * 2
    assert supcon(np.vstack([z1, z2]), labels, 0.7) == pytest.approx(nt_xent(z1, z2, 0.7))


def test_supcon_without_any_positive_is_refused():
    with pytest.raises(ValueError, match="same label"):
        supcon(np.eye(3), [0, 1, 2], 0.1)


def test_batch_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        nt_xent(np.eye(3), np.eye(3)[:2], 0.1)
    with pytest.raises(ValueError, match="at least 2 pairs"):
        nt_xent(np.eye(3)[:1], np.eye(3)[:1], 0.1)
    with pytest.raises(ValueError, match="labels"):
        supcon(np.eye(3), [0, 0], 0.1)
    with pytest.raises(ValueError, match="margin"):
        triplet(P1, P2, NEG, margin=-1)
    assert losses.check_temperature(2) == 2.0
