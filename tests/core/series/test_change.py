"""Neighbour overlap, exact kNN, movement and the most-moved order."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.neighbors import NearestNeighbors

from contrastive_viz.core.series import (
    SeriesCancelled,
    _knn,
    cosine_knn,
    most_moved,
    movement,
    neighbor_overlap,
)


def brute_knn(x, k):
    """Every pair's cosine (float64, pairwise sums of products), sorted by (-s, index)."""
    x = np.asarray(x, dtype=np.float64)
    norms = np.sqrt((x * x).sum(axis=1))
    dots = (x[:, None, :] * x[None, :, :]).sum(axis=2)
    denom = norms[:, None] * norms[None, :]
    sims = np.clip(np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0), -1, 1)
    np.fill_diagonal(sims, -np.inf)
    index = np.broadcast_to(np.arange(len(x)), sims.shape)
    return np.lexsort((index, -sims), axis=1)[:, :k]


def brute_overlap(a, b, k):
    na, nb = brute_knn(a, k), brute_knn(b, k)
    return np.array([len(set(p) & set(q)) / k for p, q in zip(na, nb, strict=True)])


@pytest.fixture
def small_tiles(monkeypatch):
    """Tiles of a few rows, so every path (slices, dense, sparse, re-rank) runs."""
    monkeypatch.setattr(_knn, "_QUERY", 37)
    monkeypatch.setattr(_knn, "_TILE_BYTES", 37 * 4 * 53)
    monkeypatch.setattr(_knn, "_RERANK_ROWS", 11)
    monkeypatch.setattr(_knn, "_FALLBACK_BYTES", 8 * 300 * 3)


@pytest.mark.parametrize("tiles", [False, True])
def test_knn_equals_sklearn_brute_cosine(tiles, request):
    if tiles:
        request.getfixturevalue("small_tiles")
    x = np.random.default_rng(0).standard_normal((700, 24)).astype(np.float32)
    got = cosine_knn(x, 10)
    want = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(x)
    np.testing.assert_array_equal(got, want.kneighbors(return_distance=False))
    np.testing.assert_array_equal(got, brute_knn(x, 10))
    assert got.dtype == np.int32


def _with_duplicates(seed, n, d, copies):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(np.float32)
    for _ in range(copies):  # exact duplicates and scaled copies: exact ties
        i, j = rng.integers(0, n, 2)
        x[j] = x[i] * rng.choice([1.0, 2.0, 0.5])
    x[rng.integers(0, n, n // 10)] = x[0]  # one large group of identical rows
    return x


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(12, 90), st.integers(1, 6), st.integers(1, 10))
def test_ties_break_by_lower_index_exactly_like_brute_force(seed, n, d, k):
    x = _with_duplicates(seed, n, d, copies=n // 3)
    k = min(k, n - 1)
    np.testing.assert_array_equal(cosine_knn(x, k), brute_knn(x, k))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 5))
def test_tiled_paths_and_the_fallback_agree_with_brute_force(seed, k):
    old = (_knn._QUERY, _knn._TILE_BYTES, _knn._RERANK_ROWS, _knn._FALLBACK_BYTES)
    _knn._QUERY, _knn._TILE_BYTES, _knn._RERANK_ROWS, _knn._FALLBACK_BYTES = 29, 29 * 4 * 41, 7, 999
    try:
        x = _with_duplicates(seed, 300, 5, copies=60)
        x[:, 4] = np.round(x[:, 4])  # more near-ties
        np.testing.assert_array_equal(cosine_knn(x, k), brute_knn(x, k))
    finally:
        _knn._QUERY, _knn._TILE_BYTES, _knn._RERANK_ROWS, _knn._FALLBACK_BYTES = old


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(3, 60), st.integers(1, 8))
def test_overlap_invariants(seed, n, k):
    rng = np.random.default_rng(seed)
    k = min(k, n - 1)
    a = rng.standard_normal((n, 4)).astype(np.float32)
    b = np.hstack([a, rng.standard_normal((n, 3)).astype(np.float32)])
    got = neighbor_overlap(a, b, k)
    assert got.shape == (n,) and ((got >= 0) & (got <= 1)).all()
    np.testing.assert_array_equal(got * k, np.round(got * k))
    np.testing.assert_array_equal(neighbor_overlap(a, a, k), np.ones(n))
    np.testing.assert_array_equal(got, brute_overlap(a, b, k))


def test_overlap_matches_two_sklearn_passes(small_tiles, tmp_path):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((500, 16)).astype(np.float32)
    b = a + 0.7 * rng.standard_normal(a.shape).astype(np.float32)
    np.save(tmp_path / "b.npy", b)
    got = neighbor_overlap(a, np.load(tmp_path / "b.npy", mmap_mode="r"), 10)

    def nn(x):
        return NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(x)

    na, nb = nn(a).kneighbors(return_distance=False), nn(b).kneighbors(return_distance=False)
    want = [len(set(p) & set(q)) / 10 for p, q in zip(na, nb, strict=True)]
    np.testing.assert_array_equal(got, want)
    assert 0 < got.mean() < 1


def test_overlap_with_matched_rows():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((80, 6))
    b = a + 0.3 * rng.standard_normal(a.shape)
    perm = rng.permutation(80)
    b_shuffled = b[np.argsort(perm)]  # b_shuffled[perm] == b
    want = neighbor_overlap(a, b, 5)
    got = neighbor_overlap(a, b_shuffled, 5, rows=(np.arange(80), perm))
    np.testing.assert_array_equal(got, want)


def test_overlap_zero_rows_progress_cancel_and_errors():
    x = np.random.default_rng(1).standard_normal((40, 3))
    x[5] = 0  # cosine 0 with everything: its neighbours are the lowest indices
    assert cosine_knn(x, 3)[5].tolist() == brute_knn(x, 3)[5].tolist()
    seen = []
    neighbor_overlap(x, x, 3, progress=seen.append)
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:], strict=False))
    with pytest.raises(SeriesCancelled):
        neighbor_overlap(x, x, 3, cancelled=lambda: True)
    with pytest.raises(ValueError, match="k must be between 1 and n - 1 = 39"):
        neighbor_overlap(x, x, 40)
    with pytest.raises(ValueError, match="40 rows and b has 39"):
        neighbor_overlap(x, x[:39], 3)
    bad = x.copy()
    bad[7, 1] = np.inf
    with pytest.raises(ValueError, match="row 8 holds NaN or infinite"):
        neighbor_overlap(x, bad, 3)


def test_movement_and_most_moved():
    coords = np.zeros((3, 4, 2), np.float32)
    coords[2] = [[3, 4], [0, 1], [0, 0], [6, 8]]
    np.testing.assert_allclose(movement(coords, 0, -1), [5, 1, 0, 10])
    values = np.array([5.0, np.nan, 1.0, 5.0, 10.0])
    assert most_moved(values).tolist() == [4, 0, 3, 2, 1]
    assert most_moved(values, top=2).tolist() == [4, 0]
    assert most_moved(values, descending=False).tolist() == [2, 0, 3, 4, 1]
    with pytest.raises(ValueError, match="steps, n, c"):
        movement(np.zeros((3, 2)), 0, 1)


def test_a_slice_where_every_entry_beats_the_threshold_takes_the_dense_path(
    small_tiles, monkeypatch
):
    rng = np.random.default_rng(4)
    far = -np.ones((106, 8)) + 0.01 * rng.standard_normal((106, 8))  # two whole tiles
    near = np.ones((400, 8)) + 0.3 * rng.standard_normal((400, 8))
    x = np.vstack([far, near]).astype(np.float32)  # the first columns seen are the worst
    calls = []
    dense = _knn._merge_dense
    monkeypatch.setattr(_knn, "_merge_dense", lambda *a: calls.append(1) or dense(*a))
    np.testing.assert_array_equal(cosine_knn(x, 4), brute_knn(x, 4))
    assert calls


def test_near_ties_go_through_the_exact_fallback(small_tiles, monkeypatch):
    x = _with_duplicates(3, 300, 5, copies=60)
    calls = []
    fallback = _knn._fallback
    monkeypatch.setattr(_knn, "_fallback", lambda *a: calls.append(a[2].size) or fallback(*a))
    np.testing.assert_array_equal(cosine_knn(x, 5), brute_knn(x, 5))
    assert calls and calls[0] > 0


def test_k_must_be_an_integer():
    x = np.eye(5)
    with pytest.raises(ValueError, match="k must be an integer, got 2.5"):
        neighbor_overlap(x, x, 2.5)


def test_memory_is_bounded_by_the_tiles(monkeypatch, tmp_path):
    import tracemalloc

    monkeypatch.setattr(_knn, "_TILE_BYTES", 2**20)
    n = 6000  # a full float32 similarity matrix would take 144 MB
    np.save(tmp_path / "a.npy", np.random.default_rng(0).standard_normal((n, 32), np.float32))
    a = np.load(tmp_path / "a.npy", mmap_mode="r")
    tracemalloc.start()
    try:
        neighbor_overlap(a, a, 10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 2**20, peak
