"""core.selection_summary against direct computations."""

import numpy as np
import pytest

from contrastive_viz.core.dataset_metrics import dataset_summary
from contrastive_viz.core.selection_summary import selection_negatives, selection_summary


def _data(n=400, d=12, classes=4, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 2
    codes = rng.integers(0, classes, n)
    x = centres[codes] + rng.standard_normal((n, d))
    return x, [f"c{c}" for c in codes], codes, centres


def test_histogram_majority_and_own_metrics():
    x, labels, codes, _ = _data()
    rows = np.flatnonzero((codes == 1) | (np.arange(len(codes)) % 10 == 0))
    s = selection_summary(x, labels, rows, 0.2)
    assert s.count == rows.size and s.metrics_rows == rows.size
    want = {}
    for i in rows:
        want[labels[i]] = want.get(labels[i], 0) + 1
    assert dict(s.histogram) == want
    assert s.histogram[0][0] == "c1" == s.majority
    counts = [c for _, c in s.histogram]
    assert counts == sorted(counts, reverse=True)
    direct = dataset_summary(x[rows], [labels[i] for i in rows], 0.2)
    assert s.metrics.supcon == pytest.approx(direct.supcon, rel=1e-9)
    assert s.metrics.uniformity == pytest.approx(direct.uniformity, rel=1e-9)
    assert s.metrics.temperature == 0.2


def test_nearest_other_class_is_the_closest_centroid():
    x, labels, codes, _ = _data(n=600)
    rows = np.flatnonzero(codes == 2)
    s = selection_summary(x, labels, rows, 0.1)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    centre = unit[rows].mean(0)
    centre /= np.linalg.norm(centre)
    cos = {}
    for c in (0, 1, 3):
        m = unit[codes == c].mean(0)
        cos[f"c{c}"] = centre @ (m / np.linalg.norm(m))
    best = max(cos, key=cos.get)
    assert s.nearest_class == best
    assert s.nearest_cosine == pytest.approx(cos[best], rel=1e-9)


def test_big_selection_is_drawn_down_and_unlabelled_has_no_classes():
    x, labels, _, _ = _data(n=300)
    s = selection_summary(x, labels, np.arange(300), 0.1, max_rows=100)
    assert s.count == 300 and s.metrics_rows == 100
    u = selection_summary(x, None, np.arange(50), 0.1)
    assert u.histogram == [] and u.nearest_class is None and u.metrics.supcon is None
    one = selection_summary(x, labels, [3], 0.1)
    assert one.metrics is None and one.count == 1


def test_negatives_hardest_are_the_most_similar_and_random_are_selected_rows():
    x, _, _, _ = _data(n=200)
    rows = np.arange(0, 200, 3)
    got = selection_negatives(x, None, 5, rows, 4, "hardest")
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    cand = rows[rows != 5]
    want = cand[np.argsort(-(unit[cand] @ unit[5]), kind="stable")][:4]
    assert got == want.tolist()
    rnd = selection_negatives(x, None, 3, rows, 10, "random", rng=1)
    assert len(rnd) == 10 and set(rnd) <= set(rows.tolist()) and 3 not in rnd
    assert len(selection_negatives(x, None, 0, [0, 1], 5, "random", rng=0)) == 1
    with pytest.raises(ValueError):
        selection_negatives(x, None, 0, rows, 3, "easiest")
