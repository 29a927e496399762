"""Clusters in cosine geometry (against adjusted Rand index) and their names (hypothesis)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from contrastive_viz.core import clusters
from contrastive_viz.core.clusters import (
    HDBSCAN,
    KMEANS,
    NOISE_NAME,
    cluster_names,
    cluster_vectors,
    point_names,
)


def _blobs(n_per: int = 120, k: int = 5, d: int = 32, spread: float = 0.08, seed: int = 0):
    """Well-separated directions: k random unit centres, points scattered around them."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((k, d))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    truth = np.repeat(np.arange(k), n_per)
    scale = rng.uniform(0.5, 3.0, truth.size)[:, None]  # norms differ: cosine must not care
    x = (centres[truth] + spread * rng.standard_normal((truth.size, d))) * scale
    return x.astype(np.float32), truth


@pytest.mark.parametrize("method", [KMEANS, HDBSCAN])
def test_well_separated_clusters_are_recovered(method):
    x, truth = _blobs()
    found = cluster_vectors(x, method, k=5, min_cluster_size=20)
    assert found.shape == truth.shape and found.dtype == np.int32
    assert adjusted_rand_score(truth, found) >= 0.95


@pytest.mark.parametrize("method", [KMEANS, HDBSCAN])
def test_above_the_sample_every_point_gets_a_cluster(monkeypatch, method):
    monkeypatch.setattr(clusters, "KMEANS_SAMPLE", 200)
    monkeypatch.setattr(clusters, "HDBSCAN_SAMPLE", 200)
    x, truth = _blobs(n_per=100)
    found = cluster_vectors(x, method, k=5, min_cluster_size=10)
    assert found.shape == truth.shape
    assert adjusted_rand_score(truth, found) >= 0.95


def test_cancel_returns_none_and_progress_is_reported():
    x, _ = _blobs(n_per=20)
    seen = []
    assert cluster_vectors(x, cancelled=lambda: True) is None
    cluster_vectors(x, k=3, progress=lambda f, m: seen.append(f))
    assert seen and seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


def test_bad_method_is_refused():
    with pytest.raises(ValueError):
        cluster_vectors(np.ones((3, 2)), "dbscan")


def test_names_by_label_and_by_text():
    a = np.array([0, 0, 0, 1, 1, -1])
    labels = ["7", "7", "1", "3", "3", "7"]
    names = cluster_names(a, labels)
    assert names == {-1: NOISE_NAME, 0: "C1: mostly 7 · 67%", 1: "C2: mostly 3 · 100%"}
    texts = ["red apple", "red apple pie", "green apple", "blue sky", "blue sea", "x"]
    by_text = cluster_names(a, labels, texts)
    assert by_text[0].startswith("C1: apple red") and "blue" in by_text[1]
    assert point_names(a, names)[3] == "C2: mostly 3 · 100%"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 5), st.sampled_from("abcd")), min_size=1, max_size=60))
def test_label_names_state_the_majority_and_its_purity(rows):
    a = np.array([c for c, _ in rows])
    labels = [lab for _, lab in rows]
    names = cluster_names(a, labels)
    assert set(names) == set(a.tolist())
    assert len(set(names.values())) == len(names)  # unique, so colours never merge
    for c, name in names.items():
        if c < 0:
            assert name == NOISE_NAME
            continue
        counts = Counter(lab for lab, cc in zip(labels, a, strict=True) if cc == c)
        top = max(counts.values())
        best = min(v for v in counts if counts[v] == top)
        purity = 100 * top / sum(counts.values())
        assert name == f"C{c + 1}: mostly {best} · {purity:.0f}%"
        assert purity >= 100 / len(counts) - 1e-9
    assert point_names(a, names) == [names[int(c)] for c in a]
