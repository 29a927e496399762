"""Cosine neighbours and negatives: checked against a brute-force cosine matrix."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.neighbors import (
    cosine_neighbors,
    cosine_neighbors_of,
    hardest_negatives,
    random_negatives,
)


def brute_force(vectors, query, k, allowed=None):
    """Full cosine list, sorted by (-similarity, index); zero rows have similarity 0."""
    x = np.asarray(vectors, dtype=np.float64)
    q = np.asarray(query, dtype=np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))
    dots = np.einsum("ij,j->i", x, q)
    denominator = norms * np.sqrt(q @ q)
    sims = np.clip(np.divide(dots, denominator, out=np.zeros(len(x)), where=denominator > 0), -1, 1)
    index = np.arange(len(x)) if allowed is None else np.flatnonzero(allowed)
    order = np.lexsort((index, -sims[index]))[:k]
    return index[order], sims[index][order]


def gaussian(n=300, d=16, seed=0):
    return np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)


@pytest.mark.parametrize("chunk_rows", [None, 1, 7, 64, 299, 300, 1000])
def test_matches_brute_force_for_any_chunking(chunk_rows):
    data = gaussian()
    index, sims = cosine_neighbors(data, 42, k=10, chunk_rows=chunk_rows)
    mask = np.ones(len(data), dtype=bool)
    mask[42] = False
    expected_index, expected_sims = brute_force(data, data[42], 10, mask)
    np.testing.assert_array_equal(index, expected_index)
    np.testing.assert_allclose(sims, expected_sims, rtol=0, atol=1e-12)
    assert index.dtype == np.int64 and sims.dtype == np.float64
    assert (np.diff(sims) <= 0).all()


def test_ties_are_broken_by_lower_index_across_chunk_boundaries():
    rng = np.random.default_rng(1)
    base = rng.integers(-3, 4, size=(5, 8)).astype(np.float32)
    # rows 3, 10, 11, 17, 25 are exact copies (or power-of-two multiples) of base[0]
    data = rng.integers(-3, 4, size=(30, 8)).astype(np.float32)
    data[[3, 10, 11, 17, 25]] = base[0] * np.array([1, 2, 1, 0.5, 4], np.float32)[:, None]
    query = base[0] + np.float32(0.25)
    for chunk_rows in (1, 2, 3, 4, 11, 30):
        index, sims = cosine_neighbors_of(data, query, k=3, chunk_rows=chunk_rows)
        np.testing.assert_array_equal(index, [3, 10, 11])
        assert sims[0] == sims[1] == sims[2]
    expected, _ = brute_force(data, query, 7)
    np.testing.assert_array_equal(cosine_neighbors_of(data, query, k=7, chunk_rows=4)[0], expected)


def test_duplicate_float_rows_tie_exactly_wherever_they_sit():
    # inexact float data: duplicates must still get bit-identical similarities
    data = gaussian(300, 768, seed=12)
    data[[5, 77, 150, 299]] = data[40]
    query = data[40] + 0.01 * np.random.default_rng(13).standard_normal(768)
    for chunk_rows in (None, 1, 7, 64, 151):
        index, sims = cosine_neighbors_of(data, query, k=6, chunk_rows=chunk_rows)
        np.testing.assert_array_equal(index[:5], [5, 40, 77, 150, 299])
        assert len(set(sims[:5].tolist())) == 1 and sims[5] < sims[0]


def test_query_itself_comes_first_unless_excluded():
    data = gaussian(seed=2)
    index, sims = cosine_neighbors(data, 5, k=3, exclude_self=False)
    assert index[0] == 5 and sims[0] == pytest.approx(1.0)
    assert 5 not in cosine_neighbors(data, 5, k=20)[0]


def test_precomputed_norms_give_the_same_answer():
    data = gaussian(seed=3)
    norms = np.linalg.norm(data, axis=1).astype(np.float32)
    with_norms = cosine_neighbors(data, 0, k=15, norms=norms, chunk_rows=50)
    without = cosine_neighbors(data, 0, k=15)
    np.testing.assert_array_equal(with_norms[0], without[0])
    np.testing.assert_allclose(with_norms[1], without[1], atol=1e-6)
    # the norms really are used: scaled norms scale the similarities
    scaled = cosine_neighbors(data, 0, k=15, norms=2 * norms)
    np.testing.assert_allclose(scaled[1], without[1] / 2, atol=1e-6)


def test_memmap_input(tmp_path):
    data = gaussian(1000, 24, seed=4)
    path = tmp_path / "v.npy"
    np.save(path, data)
    mapped = np.load(path, mmap_mode="r")
    index, sims = cosine_neighbors(mapped, 999, k=5, chunk_rows=128)
    mask = np.arange(1000) != 999
    expected_index, expected_sims = brute_force(data, data[999], 5, mask)
    np.testing.assert_array_equal(index, expected_index)
    np.testing.assert_allclose(sims, expected_sims, atol=1e-12)


def test_arbitrary_query_with_exclusions():
    data = gaussian(seed=5)
    query = np.random.default_rng(6).standard_normal(16)
    full, _ = cosine_neighbors_of(data, query, k=10)
    index, _ = cosine_neighbors_of(data, query, k=8, exclude=[int(full[0]), int(full[3])])
    np.testing.assert_array_equal(index, np.delete(full, [0, 3]))


def test_fewer_candidates_than_k_returns_all_of_them():
    data = gaussian(6, 4, seed=7)
    index, sims = cosine_neighbors(data, 2, k=50)
    assert sorted(index.tolist()) == [0, 1, 3, 4, 5]
    assert len(sims) == 5 and np.isfinite(sims).all()


def test_zero_rows_have_similarity_zero_and_zero_queries_fail():
    data = np.array([[1.0, 0.0], [0.0, 0.0], [-1.0, 0.1]], dtype=np.float32)
    index, sims = cosine_neighbors_of(data, [1.0, 0.0], k=3)
    np.testing.assert_array_equal(index, [0, 1, 2])
    assert sims[1] == 0.0
    with pytest.raises(ValueError, match="non-zero"):
        cosine_neighbors_of(data, [0.0, 0.0], k=1)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: cosine_neighbors(d, 10), "out of range"),
        (lambda d: cosine_neighbors(d, 0, k=0), "k must be"),
        (lambda d: cosine_neighbors(d[0], 0), "2-D"),
        (lambda d: cosine_neighbors_of(d, np.ones(3)), "shape"),
        (lambda d: cosine_neighbors(d, 0, norms=np.ones(3)), "norms"),
        (lambda d: cosine_neighbors(d, 0, chunk_rows=0), "chunk_rows"),
        (lambda d: cosine_neighbors_of(d, np.ones(4), exclude=[99]), "out of range"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call(gaussian(10, 4))


def test_non_finite_rows_are_rejected():
    data = gaussian(50, 4)
    data[30, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cosine_neighbors(data, 0, k=3, chunk_rows=8)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 60),
    st.integers(1, 6),
    st.integers(1, 70),
    st.integers(1, 20),
    st.integers(0, 2**16),
)
def test_property_small_integer_data_with_many_ties(n, d, chunk_rows, k, seed):
    # small integers: every dot product is exact, so ties are exact and must go by index
    rng = np.random.default_rng(seed)
    data = rng.integers(-2, 3, size=(n, d)).astype(np.float32)
    query_index = int(rng.integers(n))
    if not data[query_index].any():
        data[query_index, 0] = 1
    index, sims = cosine_neighbors(data, query_index, k=k, chunk_rows=chunk_rows)
    mask = np.arange(n) != query_index
    expected_index, expected_sims = brute_force(data, data[query_index], k, mask)
    np.testing.assert_array_equal(index, expected_index)
    np.testing.assert_array_equal(sims, expected_sims)


# ---------------------------------------------------------------- negatives


def test_hardest_negatives_respect_labels():
    data = gaussian(400, 8, seed=8)
    labels = np.random.default_rng(9).integers(0, 4, size=400)
    anchor = 17
    result = hardest_negatives(data, labels, anchor, 12)
    assert (labels[result] != labels[anchor]).all()
    expected, _ = brute_force(data, data[anchor], 12, labels != labels[anchor])
    np.testing.assert_array_equal(result, expected)
    # the unrestricted nearest neighbours do include same-label points
    nearest, _ = cosine_neighbors(data, anchor, k=40)
    assert (labels[nearest] == labels[anchor]).any()


def test_hardest_negatives_with_string_labels_and_without_labels():
    data = gaussian(50, 5, seed=10)
    labels = np.array(["cat", "dog"] * 25)
    result = hardest_negatives(data, labels, 0, 100)
    assert sorted(result.tolist()) == list(range(1, 50, 2))  # every dog, nothing more
    np.testing.assert_array_equal(
        hardest_negatives(data, None, 3, 5), cosine_neighbors(data, 3, k=5)[0]
    )
    with pytest.raises(ValueError, match="labels"):
        hardest_negatives(data, labels[:10], 0, 3)


def test_random_negatives_respect_labels_without_replacement():
    labels = np.repeat(np.arange(5), 20)
    result = random_negatives(100, labels, 3, 30, np.random.default_rng(11))
    assert result.dtype == np.int64 and len(result) == 30
    assert len(set(result.tolist())) == 30
    assert (labels[result] != labels[3]).all()
    np.testing.assert_array_equal(result, random_negatives(100, labels, 3, 30, 11))
    assert not np.array_equal(result, random_negatives(100, labels, 3, 30, 12))


def test_random_negatives_without_labels_and_with_too_few_candidates():
    result = random_negatives(10, None, 4, 9, 0)
    assert sorted(result.tolist()) == [0, 1, 2, 3, 5, 6, 7, 8, 9]
    labels = np.array([0, 0, 0, 1, 1])
    assert sorted(random_negatives(5, labels, 0, 10, 0).tolist()) == [3, 4]
    with pytest.raises(ValueError, match="out of range"):
        random_negatives(5, labels, 5, 1, 0)
    with pytest.raises(ValueError, match="k must be"):
        random_negatives(5, labels, 0, 0, 0)
