"""core.quality against scikit-learn and brute force, plus invariants (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.manifold import trustworthiness as sk_trustworthiness

from contrastive_viz.core import quality
from contrastive_viz.core.quality import knn_recall, measure, quality_sample, trustworthiness


def _data(n, d, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    y = x[:, :2] + 0.5 * rng.standard_normal((n, 2))
    return x, y


def _brute_recall(x, y, k):
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    out = []
    for i in range(len(x)):
        cos = u @ u[i]
        cos[i] = -np.inf
        dist = ((y - y[i]) ** 2).sum(axis=1)
        dist[i] = np.inf
        a = set(np.argsort(-cos, kind="stable")[:k])
        b = set(np.argsort(dist, kind="stable")[:k])
        out.append(len(a & b) / k)
    return np.array(out)


@pytest.mark.parametrize(("n", "d", "k"), [(60, 5, 1), (200, 12, 5), (300, 30, 10), (150, 3, 40)])
def test_trustworthiness_equals_sklearn(n, d, k):
    x, y = _data(n, d, seed=n + k)
    expected = sk_trustworthiness(x, y, n_neighbors=k, metric="cosine")
    assert trustworthiness(x, y, k) == pytest.approx(expected, abs=1e-12)


def test_trustworthiness_chunked_equals_one_chunk(monkeypatch):
    x, y = _data(250, 10, seed=3)
    whole = trustworthiness(x, y, 7)
    monkeypatch.setattr(quality, "_CHUNK_ELEMENTS", 1000)  # many small chunks
    assert trustworthiness(x, y, 7) == pytest.approx(whole, abs=1e-12)
    assert np.array_equal(knn_recall(x, y, 7), _brute_recall(x, y, 7))


@pytest.mark.parametrize(("n", "k"), [(50, 1), (200, 10), (120, 30)])
def test_knn_recall_equals_brute_force(n, k):
    x, y = _data(n, 8, seed=k)
    assert np.array_equal(knn_recall(x, y, k), _brute_recall(x, y, k))


def test_perfect_map_scores_one():
    x = np.random.default_rng(0).standard_normal((100, 3))
    y = x / np.linalg.norm(x, axis=1, keepdims=True)  # Euclidean on the sphere = cosine order
    assert trustworthiness(x, y, 8) == pytest.approx(1.0)
    assert np.all(knn_recall(x, y, 8) == 1.0)


def test_bad_k_and_shapes_raise():
    x, y = _data(20, 4, 0)
    with pytest.raises(ValueError, match="k must be"):
        knn_recall(x, y, 19)
    with pytest.raises(ValueError, match="Y must be"):
        trustworthiness(x, y[:10], 3)


def test_measure_samples_above_the_size_and_marks_the_rest_not_measured():
    x, y = _data(400, 6, 1)
    q = measure(x, y, k=5, size=100, seed=2)
    assert q.sample is not None and q.sample.size == 100 == q.measured
    assert np.array_equal(q.sample, quality_sample(400, 100, 2))
    outside = np.setdiff1d(np.arange(400), q.sample)
    assert np.isnan(q.recall[outside]).all()
    on_sample = knn_recall(x[q.sample], y[q.sample], 5)
    assert np.array_equal(q.recall[q.sample], on_sample)
    assert q.mean_recall == pytest.approx(on_sample.mean())
    assert q.trustworthiness == pytest.approx(trustworthiness(x[q.sample], y[q.sample], 5))
    whole = measure(x, y, k=5, size=1000)
    assert whole.sample is None and not np.isnan(whole.recall).any()
    assert "keeps" in whole.sentence("PCA")


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(12, 60),
    k=st.integers(1, 5),
    scale=st.floats(0.1, 10),
    angle=st.floats(0, 6.28),
)
def test_invariant_to_row_scaling_and_map_similarity(seed, n, k, scale, angle):
    """Cosine ignores row lengths; Euclidean ranks ignore rotation, scale and shift."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 5))
    y = rng.standard_normal((n, 2))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    x2 = x * rng.uniform(0.5, 3.0, (n, 1))
    y2 = scale * y @ rot.T + np.array([3.0, -1.0])
    r1, r2 = knn_recall(x, y, k), knn_recall(x2, y2, k)
    assert np.all((r1 >= 0) & (r1 <= 1))
    assert np.allclose(r1 * k, np.round(r1 * k))
    # rounding can reorder near-ties only; they are vanishingly rare with random data
    assert np.mean(r1 == r2) > 0.9
    t = trustworthiness(x, y, k)
    assert 0.0 <= t <= 1.0


def test_rows_of_extreme_magnitude_are_normalized_like_unit_rows():
    """Rows the loaders accept (1e20, 1e-25, subnormal-small) measure as their directions."""
    from contrastive_viz.core.losses.numerics import unit_rows_float32

    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 8)).astype(np.float32)
    scaled = x * np.array([1, 1e20, 1e-25, 1e-40, 1, 0], dtype=np.float32)[:, None]
    u = unit_rows_float32(scaled)
    exact = scaled[:5].astype(np.float64)  # a subnormal row has lost digits already:
    exact /= np.abs(exact).max(axis=1, keepdims=True)  # compare with its own direction
    expected = exact / np.linalg.norm(exact, axis=1, keepdims=True)
    np.testing.assert_allclose(u[:5], expected[:5], rtol=1e-5, atol=1e-6)
    assert not u[5].any()  # a zero row stays zero
