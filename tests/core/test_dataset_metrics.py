"""Dataset-wide SupCon, alignment and uniformity, and how they are sampled."""

import numpy as np
import pytest

from contrastive_viz.core import losses
from contrastive_viz.core.dataset_metrics import (
    DatasetMetrics,
    dataset_summary,
    label_codes,
    same_label_pairs,
    supcon_versus_temperature,
)


def clustered(n, d=16, classes=4, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 2
    labels = rng.integers(0, classes, n)
    x = centres[labels] + rng.standard_normal((n, d))
    return x.astype(np.float32), [f"c{k}" for k in labels]


def all_pairs_alignment(x, labels):
    """Alignment over every same-label pair, as 2 - 2 mean cos (Wang & Isola, alpha = 2)."""
    u = x / np.linalg.norm(x.astype(np.float64), axis=1, keepdims=True)
    lab = np.asarray(labels)
    same = np.triu(lab[:, None] == lab[None, :], k=1)
    return 2.0 - 2.0 * float((u @ u.T)[same].mean()), int(same.sum())


def test_small_set_equals_core_losses_on_every_point():
    x, labels = clustered(120)
    s = dataset_summary(x, labels, 0.1, sample_size=2000, n_pairs=10_000)
    assert s.exhaustive and s.sample_size_used == 120 and s.n_classes == 4
    np.testing.assert_array_equal(s.sample_indices, np.arange(120))
    assert s.supcon == pytest.approx(losses.supcon(x, labels, 0.1), rel=1e-12)
    align, pairs = all_pairs_alignment(x, labels)
    assert s.alignment_exhaustive and s.alignment_pairs == pairs
    assert s.alignment == pytest.approx(align, rel=1e-12)
    assert s.uniformity == pytest.approx(losses.uniformity(x), rel=1e-12)
    assert s.sample_text == "on all 120 labelled points"
    assert s.supcon_reason == s.alignment_reason == ""


def test_cached_supcon_equals_core_supcon():
    x, labels = clustered(150, seed=1)
    m = DatasetMetrics(x, labels)
    for tau in (0.02, 0.1, 0.5, 3.0):
        assert m.supcon(tau) == pytest.approx(losses.supcon(x, labels, tau), rel=1e-12)
        assert m.summary(tau).supcon == pytest.approx(dataset_summary(x, labels, tau).supcon)


def test_sweep_equals_supcon_at_each_temperature():
    x, labels = clustered(90, seed=2)
    taus = [0.01, 0.07, 0.3, 1.0, 10.0]
    swept = supcon_versus_temperature(x, labels, taus)
    expected = [losses.supcon(x, labels, t) for t in taus]
    np.testing.assert_allclose(swept, expected, rtol=1e-10, atol=0)
    m = DatasetMetrics(x, labels)
    np.testing.assert_allclose(m.sweep(taus), expected, rtol=1e-10, atol=0)
    with pytest.raises(ValueError, match="same label"):
        supcon_versus_temperature(x[:3], ["a", "b", "c"], taus)


def test_sample_size_is_respected_and_stated():
    x, labels = clustered(3000, seed=3)
    s = dataset_summary(x, labels, 0.1, sample_size=500, n_pairs=800)
    assert s.sample_size_used == 500 and not s.exhaustive
    idx = s.sample_indices
    assert idx.size == np.unique(idx).size and np.all(np.diff(idx) > 0)
    assert s.sample_text == "on a random sample of 500 of 3,000 labelled points"
    # The number is exactly SupCon of that sample as one batch.
    sub = [labels[i] for i in idx]
    assert s.supcon == pytest.approx(losses.supcon(x[idx], sub, 0.1), rel=1e-12)
    assert s.uniformity == pytest.approx(losses.uniformity(x[idx]), rel=1e-12)
    assert s.alignment_pairs == 800 and not s.alignment_exhaustive
    align, _ = all_pairs_alignment(x, labels)
    assert s.alignment == pytest.approx(align, abs=0.1)  # a sample estimate of the full value


def test_deterministic_for_a_seed_and_different_for_another():
    x, labels = clustered(1000, seed=4)
    a = dataset_summary(x, labels, 0.2, sample_size=100, rng=5)
    b = dataset_summary(x, labels, 0.2, sample_size=100, rng=5)
    c = dataset_summary(x, labels, 0.2, sample_size=100, rng=6)
    np.testing.assert_array_equal(a.sample_indices, b.sample_indices)
    assert (a.supcon, a.alignment, a.uniformity) == (b.supcon, b.alignment, b.uniformity)
    assert not np.array_equal(a.sample_indices, c.sample_indices)


def test_unlabelled_data_give_uniformity_only():
    x, _ = clustered(50, seed=5)
    s = dataset_summary(x, None, 0.1)
    assert s.supcon is None and "labels" in s.supcon_reason
    assert s.alignment is None and "labels" in s.alignment_reason
    assert s.n_classes is None and s.n_labelled == 0
    assert s.uniformity == pytest.approx(losses.uniformity(x), rel=1e-12)
    assert s.sample_text == "on all 50 points"
    unique = dataset_summary(x, [str(i) for i in range(50)], 0.1)
    assert unique.supcon is None and "share a label" in unique.supcon_reason
    assert unique.alignment is None and unique.n_classes == 50


def test_missing_labels_are_left_out():
    x, labels = clustered(60, seed=6)
    labels = [None if i % 3 == 0 else lab for i, lab in enumerate(labels)]
    s = dataset_summary(x, labels, 0.1)
    keep = [i for i, lab in enumerate(labels) if lab is not None]
    assert s.n_labelled == len(keep) == s.sample_size_used
    sub = [labels[i] for i in keep]
    assert s.supcon == pytest.approx(losses.supcon(x[keep], sub, 0.1), rel=1e-12)


def test_memmap_and_zero_rows(tmp_path):
    x, labels = clustered(400, seed=7)
    x[10] = 0.0
    np.save(tmp_path / "x.npy", x)
    mm = np.load(tmp_path / "x.npy", mmap_mode="r")
    s = dataset_summary(mm, labels, 0.1, sample_size=1000)
    assert s.n_dropped == 1 and s.sample_size_used == 399 and 10 not in s.sample_indices
    keep = np.delete(np.arange(400), 10)
    sub = [labels[i] for i in keep]
    assert s.supcon == pytest.approx(losses.supcon(x[keep], sub, 0.1), rel=1e-12)


def test_pairs_are_uniform_over_same_label_pairs():
    codes = np.array([0] * 10 + [1] * 3 + [-1] * 5 + [2])
    i, j, exhaustive = same_label_pairs(codes, 1000, np.random.default_rng(0))
    assert exhaustive and i.size == 45 + 3 and np.all(codes[i] == codes[j]) and np.all(i < j)
    i, j, exhaustive = same_label_pairs(codes, 20_000, np.random.default_rng(0))
    assert exhaustive
    i, j, exhaustive = same_label_pairs(codes, 20, np.random.default_rng(0))
    assert not exhaustive and i.size == 20 and np.all(codes[i] == codes[j]) and np.all(i != j)


def test_sampled_pairs_follow_the_number_of_pairs_per_class():
    codes = np.array([0] * 200 + [1] * 100)  # 19,900 and 4,950 pairs
    i, j, exhaustive = same_label_pairs(codes, 20_000, np.random.default_rng(0))
    assert not exhaustive and np.all(i != j) and np.all(codes[i] == codes[j])
    assert np.mean(codes[i] == 0) == pytest.approx(19_900 / 24_850, abs=0.01)
    members = np.bincount(np.concatenate([i, j])[codes[np.concatenate([i, j])] == 1] - 200)
    assert members.size == 100 and members.min() > 0.6 * members.mean()


def test_label_codes():
    codes, classes = label_codes(["b", "a", "", None, "b"], 5)
    np.testing.assert_array_equal(codes, [0, 1, -1, -1, 0])
    assert classes == ["b", "a"]
    with pytest.raises(ValueError, match="entries"):
        label_codes(["a"], 2)


def test_tiny_rows_do_not_break_the_metrics():
    """Finite, non-zero rows whose plain norm underflows are measured by direction."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 5))
    labels = [str(i % 4) for i in range(40)]
    tiny = DatasetMetrics(x * 1e-200, labels, rng=0).summary(0.5)
    plain = DatasetMetrics(x, labels, rng=0).summary(0.5)
    assert tiny.supcon == pytest.approx(plain.supcon, rel=1e-12)
