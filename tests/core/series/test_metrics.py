"""Per-step metrics: the explorer's numbers, and kNN accuracy against brute force."""

from collections import Counter

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from contrastive_viz.core.dataset_metrics import dataset_summary
from contrastive_viz.core.series import StepMetrics, knn_label_accuracy, step_metrics
from contrastive_viz.core.series.metrics import _vote


def _clusters(n=900, d=16, classes=4, spread=3.0, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 2
    labels = rng.integers(0, classes, n)
    x = centres[labels] + spread * rng.standard_normal((n, d))
    return x.astype(np.float32), [f"c{v}" for v in labels]


def _brute_accuracy(x, labels, rows, k=10):
    """sklearn's exact cosine kNN among the labelled points, self left out, then the vote."""
    keep = np.array([lab not in (None, "") for lab in labels])
    pool = np.flatnonzero(keep)
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(x[pool])
    right = 0
    for r in rows:
        found = pool[nn.kneighbors(x[r][None, :], return_distance=False)[0]]
        found = [j for j in found if j != r][:k]
        votes = Counter(labels[j] for j in found)
        top = max(votes.values())
        winner = next(labels[j] for j in found if votes[labels[j]] == top)
        right += winner == labels[r]
    return right / len(rows)


def test_knn_accuracy_on_all_points_equals_brute_force():
    x, labels = _clusters()
    accuracy, used = knn_label_accuracy(x, labels, sample=10_000)
    assert used == 900
    assert accuracy == pytest.approx(_brute_accuracy(x, labels, range(900)), abs=1e-12)
    assert 0.5 < accuracy < 1.0  # overlapping clusters: neither trivial nor hopeless


def test_knn_accuracy_on_a_sample_leaves_unlabelled_points_out():
    x, labels = _clusters(seed=3)
    labels = [("" if i % 7 == 0 else v) for i, v in enumerate(labels)]
    accuracy, used = knn_label_accuracy(x, labels, sample=200, seed=5)
    assert used == 200
    labelled = np.flatnonzero([v != "" for v in labels])
    rows = np.sort(np.random.default_rng(5).choice(labelled, size=200, replace=False))
    assert accuracy == pytest.approx(_brute_accuracy(x, labels, rows), abs=1e-12)


def test_vote_ties_go_to_the_nearest():
    codes = np.array([[2, 1, 1, 2, 0], [0, 1, 2, 3, 3], [1, 1, 0, 0, 0]])
    assert _vote(codes, 4).tolist() == [2, 3, 0]


def test_step_metrics_are_the_explorers_numbers():
    x, labels = _clusters()
    got = step_metrics(x, labels, temperature=0.2)
    want = dataset_summary(x, labels, 0.2, sample_size=2000, rng=0)
    assert isinstance(got, StepMetrics)
    assert got.alignment == pytest.approx(want.alignment, rel=1e-12)
    assert got.uniformity == pytest.approx(want.uniformity, rel=1e-12)
    assert got.supcon == pytest.approx(want.supcon, rel=1e-9)
    assert got.sample_size == 900 and got.metrics_sample_size == 900
    assert got.temperature == 0.2


def test_unlabelled_progress_and_cancel():
    x, _ = _clusters(n=100)
    got = step_metrics(x, None, 0.5)
    assert got.alignment is None and got.supcon is None and got.knn_accuracy is None
    assert got.sample_size == 0 and np.isfinite(got.uniformity)
    seen = []
    step_metrics(x, ["a", "b"] * 50, 0.5, progress=seen.append)
    assert seen[-1] == 1.0
    from contrastive_viz.core.series import SeriesCancelled

    with pytest.raises(SeriesCancelled):
        step_metrics(x, None, 0.5, cancelled=lambda: True)
