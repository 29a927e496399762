"""Exact streamed PCA: checked against scikit-learn and against PCA's defining properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.decomposition import PCA
from sklearn.preprocessing import normalize as sk_normalize

from contrastive_viz.core import projection as projection_module
from contrastive_viz.core.projection import (
    ProjectionCancelled,
    identity_projection,
    pca,
    project,
)


def low_rank(n, d, *, seed=0, rank=5, offset=0.0, noise=0.3, dtype=np.float32):
    """Data with a clear spectrum (distinct leading variances) plus isotropic noise."""
    rng = np.random.default_rng(seed)
    rank = min(rank, d)
    scores = rng.standard_normal((n, rank)) * np.linspace(5, 1, rank)
    loadings = rng.standard_normal((rank, d))
    data = scores @ loadings + noise * rng.standard_normal((n, d)) + offset
    return data.astype(dtype)


def assert_matches(result, reference, data, *, rtol=1e-4, coord_tol=1e-4):
    """Compare with a fitted sklearn PCA up to the sign of each component."""
    k = reference.n_components_
    assert result.coords.shape == (len(data), k)
    assert result.coords.dtype == np.float32
    assert result.components.shape == (k, data.shape[1])
    np.testing.assert_allclose(
        result.explained_variance_ratio, reference.explained_variance_ratio_, rtol=rtol
    )
    np.testing.assert_allclose(result.explained_variance, reference.explained_variance_, rtol=rtol)
    np.testing.assert_allclose(result.mean, reference.mean_, atol=1e-5 * (1 + np.abs(data).max()))
    signs = np.sign(np.sum(result.components * reference.components_, axis=1))
    np.testing.assert_allclose(result.components, reference.components_ * signs[:, None], atol=1e-4)
    expected = reference.transform(np.asarray(data, dtype=reference.mean_.dtype)) * signs
    scale = np.abs(expected).max()
    np.testing.assert_allclose(result.coords, expected, atol=coord_tol * scale)


@pytest.mark.parametrize(
    ("n", "d", "k", "chunk_rows", "solver", "expected_solver"),
    [
        (4000, 32, 3, None, "auto", "covariance"),  # n >> d
        (3001, 12, 4, 250, "auto", "covariance"),  # many chunks, ragged last chunk
        (40, 120, 3, None, "auto", "gram"),  # d > n
        (60, 60, 2, 7, "auto", "covariance"),  # d == n
        (500, 3, 3, 64, "auto", "covariance"),  # k == d: a rotation
        (900, 40, 3, 100, "iterative", "iterative"),  # forced: streamed subspace iteration
        (50, 90, 3, 8, "iterative", "iterative"),  # iterative with d > n
        (80, 30, 2, 9, "gram", "gram"),  # forced Gram with n > d
    ],
)
def test_matches_sklearn(n, d, k, chunk_rows, solver, expected_solver):
    data = low_rank(n, d, seed=n + d)
    result = pca(data, k, chunk_rows=chunk_rows, solver=solver)
    assert result.solver == expected_solver
    assert result.n_samples == n and result.n_components == k and result.n_features == d
    assert_matches(result, PCA(k).fit(data), data)


@pytest.mark.parametrize("shape", [(500, 30), (30, 80)])
def test_top_k_eigensolver_for_large_matrices(monkeypatch, shape):
    # matrices above 1024 use scipy's partial eigensolver: force it on a small one
    monkeypatch.setattr(projection_module, "_EIGH_FULL_MAX", 0)
    data = low_rank(*shape, seed=2)
    assert_matches(pca(data, 3), PCA(3).fit(data), data)


def test_sign_convention_is_sklearns_svd_flip():
    data = low_rank(300, 24, seed=3)
    for solver in ("covariance", "gram", "iterative"):
        result = pca(data, 3, solver=solver)
        largest = np.argmax(np.abs(result.components), axis=1)
        assert (result.components[np.arange(3), largest] > 0).all()
        # svd_flip picks the same signs, so no flip is needed at all
        np.testing.assert_allclose(result.components, PCA(3).fit(data).components_, atol=1e-4)


def test_large_common_offset_keeps_full_precision():
    # float32 data at 1000 +- a few: the textbook X^T X - n mu mu^T loses most digits
    data = low_rank(5000, 48, seed=5, offset=1000.0)
    reference = PCA(3, svd_solver="full").fit(data.astype(np.float64))
    for solver in ("covariance", "iterative"):
        assert_matches(pca(data, 3, chunk_rows=512, solver=solver), reference, data, rtol=1e-5)


def test_huge_offset_coords_are_accurate_to_float32_rounding():
    # at 1e4 a float32 mean is off by ~5e-4 per dimension; the projection must fold
    # that rounding back in, or coords drift by ~1e-5 of their scale
    data = low_rank(4000, 32, seed=1, offset=1e4)
    reference = PCA(3, svd_solver="full").fit(data.astype(np.float64))
    result = pca(data, 3)
    expected = reference.transform(data.astype(np.float64))
    signs = np.sign(np.sum(result.components * reference.components_, axis=1))
    scale = np.abs(expected).max()
    np.testing.assert_allclose(result.coords, expected * signs, rtol=0, atol=1e-6 * scale)
    np.testing.assert_allclose(result.coords.astype(np.float64).mean(axis=0), 0, atol=1e-6 * scale)


def test_offset_differing_per_chunk():
    # sorted, drifting data: chunk means differ by many standard deviations
    data = low_rank(3000, 16, seed=6)
    data += np.linspace(0, 300, 3000, dtype=np.float32)[:, None] * np.float32(1 + np.arange(16))
    reference = PCA(3, svd_solver="full").fit(data.astype(np.float64))
    assert_matches(pca(data, 3, chunk_rows=100), reference, data, rtol=1e-5)


def test_normalize_matches_sklearn_on_normalized_rows():
    data = low_rank(600, 20, seed=7, offset=0.5)
    data[17] = 0  # a zero row stays zero, as in sklearn's normalize
    for solver in ("covariance", "gram", "iterative"):
        result = pca(data, 3, normalize=True, chunk_rows=77, solver=solver)
        assert result.normalized
        unit = sk_normalize(data)
        assert_matches(result, PCA(3).fit(unit), unit)
    # the input itself is untouched
    assert np.linalg.norm(data[0]) > 1.5


def test_float32_memmap_streams_without_changing_the_file(tmp_path):
    path = tmp_path / "vectors.npy"
    data = low_rank(5000, 40, seed=8)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=data.shape)
    out[:] = data
    out.flush()
    del out
    mapped = np.load(path, mmap_mode="r")
    result = pca(mapped, 3, chunk_rows=777)
    assert type(result.coords) is np.ndarray
    assert_matches(result, PCA(3).fit(data), data)
    np.testing.assert_array_equal(np.load(path), data)


def test_float64_input_is_computed_in_float64():
    data = low_rank(1000, 10, seed=9, dtype=np.float64)
    result = pca(data, 3, chunk_rows=100)
    reference = PCA(3).fit(data)
    np.testing.assert_allclose(
        result.explained_variance_ratio, reference.explained_variance_ratio_, rtol=1e-10
    )
    np.testing.assert_allclose(np.abs(result.components), np.abs(reference.components_), atol=1e-10)


def test_integer_input():
    data = np.random.default_rng(10).integers(-50, 50, size=(400, 6)).astype(np.int16)
    assert_matches(pca(data, 2, chunk_rows=33), PCA(2).fit(data.astype(np.float64)), data)


def test_ratios_sum_to_at_most_one_and_exactly_one_with_all_components():
    data = low_rank(500, 6, seed=11)
    assert 0 < pca(data, 3).explained_variance_ratio.sum() < 1
    full = pca(data, 6)
    assert full.explained_variance_ratio.sum() == pytest.approx(1, abs=1e-6)
    assert (np.diff(full.explained_variance) <= 0).all()


def test_all_components_of_3d_data_are_a_rotation():
    data = low_rank(300, 3, seed=12, offset=4.0)
    result = pca(data, 3)
    centred = data - data.mean(axis=0)
    np.testing.assert_allclose(
        result.components @ result.components.T, np.eye(3), atol=1e-6
    )  # orthonormal
    assert np.linalg.det(result.components) == pytest.approx(1, abs=1e-6) or np.linalg.det(
        result.components
    ) == pytest.approx(-1, abs=1e-6)
    np.testing.assert_allclose(
        np.linalg.norm(result.coords, axis=1), np.linalg.norm(centred, axis=1), rtol=1e-4
    )


def test_more_components_than_variance_gram_rank_deficient():
    # 3 points span a 2-D affine plane: the third component has zero variance
    data = low_rank(3, 10, seed=13)
    result = pca(data, 3)
    assert result.solver == "gram"
    np.testing.assert_allclose(result.components @ result.components.T, np.eye(3), atol=1e-6)
    assert result.explained_variance[2] == pytest.approx(0, abs=1e-6)
    np.testing.assert_allclose(result.coords[:, 2], 0, atol=1e-5)
    np.testing.assert_allclose(project(data, result), result.coords, atol=1e-4)


def test_constant_data_gives_zero_variance_without_warnings():
    data = np.ones((50, 4), dtype=np.float32)
    result = pca(data, 2)
    np.testing.assert_array_equal(result.explained_variance_ratio, 0)
    np.testing.assert_allclose(result.coords, 0, atol=1e-6)


# ---------------------------------------------------------------- properties (hypothesis)


@st.composite
def datasets(draw):
    n = draw(st.integers(5, 120))
    d = draw(st.integers(1, 12))
    seed = draw(st.integers(0, 2**16))
    offset = draw(st.sampled_from([0.0, 3.0, 200.0]))
    data = low_rank(n, d, seed=seed, rank=draw(st.integers(1, 6)), offset=offset)
    k = draw(st.integers(1, min(n, d, 3)))
    return data, k


@settings(max_examples=40, deadline=None)
@given(datasets(), st.integers(1, 50), st.sampled_from(["auto", "covariance", "gram"]))
def test_coords_are_centred_and_uncorrelated(case, chunk_rows, solver):
    data, k = case
    result = pca(data, k, chunk_rows=chunk_rows, solver=solver)
    coords = result.coords.astype(np.float64)
    scale = np.sqrt(result.explained_variance[0]) + 1e-3
    np.testing.assert_allclose(coords.mean(axis=0), 0, atol=1e-4 * scale)
    covariance = np.atleast_2d(np.cov(coords, rowvar=False))
    np.testing.assert_allclose(covariance, np.diag(result.explained_variance), atol=1e-4 * scale**2)
    np.testing.assert_allclose(result.components @ result.components.T, np.eye(k), atol=1e-5)


@settings(max_examples=30, deadline=None)
@given(datasets(), st.integers(1, 40), st.integers(1, 40))
def test_chunk_size_does_not_change_the_result(case, rows_a, rows_b):
    data, k = case
    a = pca(data, k, chunk_rows=rows_a)
    b = pca(data, k, chunk_rows=rows_b)
    scale = np.sqrt(a.explained_variance[0]) + 1e-3
    np.testing.assert_allclose(a.explained_variance, b.explained_variance, atol=1e-5 * scale**2)
    # signs may only differ where the sign convention is itself ambiguous
    separated = np.array(
        [
            np.sort(np.abs(c))[-1] - np.sort(np.abs(c))[-2] > 1e-3 if len(c) > 1 else True
            for c in a.components
        ]
    )
    gaps = np.abs(np.diff(np.concatenate([a.explained_variance, [0.0]])))
    distinct = gaps > 1e-2 * scale**2
    distinct[1:] &= gaps[:-1] > 1e-2 * scale**2
    keep = separated & distinct
    np.testing.assert_allclose(a.components[keep], b.components[keep], atol=1e-3)
    np.testing.assert_allclose(a.coords[:, keep], b.coords[:, keep], atol=1e-3 * scale)


@settings(max_examples=30, deadline=None)
@given(datasets())
def test_sign_convention_deterministic(case):
    data, k = case
    result = pca(data, k)
    largest = np.argmax(np.abs(result.components), axis=1)
    assert (result.components[np.arange(k), largest] > 0).all()
    again = pca(data, k)
    np.testing.assert_array_equal(result.coords, again.coords)


# ---------------------------------------------------------------- progress and cancellation


@pytest.mark.parametrize(
    ("solver", "normalize"), [("covariance", False), ("gram", True), ("iterative", False)]
)
def test_progress_is_monotone_and_ends_at_one(solver, normalize):
    data = low_rank(300, 8, seed=14)
    fractions = []
    pca(data, 2, normalize=normalize, progress=fractions.append, chunk_rows=50, solver=solver)
    assert len(fractions) >= 6  # at least one call per chunk of each of two passes
    assert all(0 <= f <= 1 for f in fractions)
    assert all(a <= b for a, b in zip(fractions, fractions[1:], strict=False))
    assert fractions[-1] == 1.0
    assert fractions[0] < 0.5


def test_covariance_progress_counts_every_chunk_of_both_passes():
    fractions = []
    pca(low_rank(1000, 8), 2, progress=fractions.append, chunk_rows=100)
    np.testing.assert_allclose(fractions, np.arange(1, 21) / 20)


@pytest.mark.parametrize("solver", ["covariance", "gram", "iterative"])
def test_cancellation_between_chunks(solver):
    polls = []

    def cancelled():
        polls.append(1)
        return len(polls) > 3

    with pytest.raises(ProjectionCancelled):
        pca(low_rank(400, 8), 2, cancelled=cancelled, chunk_rows=50, solver=solver)
    assert len(polls) == 4


def test_not_cancelled_runs_to_completion():
    result = pca(low_rank(400, 8), 2, cancelled=lambda: False, chunk_rows=50)
    assert result.coords.shape == (400, 2)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "k", "match"),
    [
        (np.ones((1, 5)), 1, "at least 2"),
        (np.ones((5, 0)), 1, "at least 1 dimension"),
        (np.ones(5), 1, "2-D"),
        (np.ones((5, 4)), 0, "n_components"),
        (np.ones((5, 4)), 5, "n_components"),
        (np.ones((3, 10)), 4, "n_components"),
        (np.ones((5, 4)), 1.5, "integer"),
        (np.array([["a", "b"], ["c", "d"]]), 1, "real numbers"),
    ],
)
def test_bad_input(data, k, match):
    with pytest.raises(ValueError, match=match):
        pca(data, k)


@pytest.mark.parametrize("solver", ["covariance", "gram", "iterative"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_rejected(solver, bad):
    data = low_rank(100, 8)
    data[63, 5] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        pca(data, 2, chunk_rows=10, solver=solver)


def test_bad_options():
    with pytest.raises(ValueError, match="solver"):
        pca(low_rank(10, 3), 2, solver="magic")
    with pytest.raises(ValueError, match="chunk_rows"):
        pca(low_rank(10, 3), 2, chunk_rows=0)


# ---------------------------------------------------------------- project / identity


def test_project_reproduces_coords_and_handles_single_vectors():
    data = low_rank(500, 16, seed=15)
    result = pca(data, 3)
    np.testing.assert_allclose(project(data, result), result.coords, atol=1e-4)
    single = project(data[7], result)
    assert single.shape == (3,)
    np.testing.assert_allclose(single, result.coords[7], atol=1e-4)
    with pytest.raises(ValueError, match="dimensions"):
        project(np.ones(5), result)


def test_project_normalizes_when_the_fit_did():
    data = low_rank(500, 16, seed=16, offset=1.0)
    result = pca(data, 3, normalize=True)
    np.testing.assert_allclose(project(5 * data[:10], result), result.coords[:10], atol=1e-4)
    assert not np.allclose(project(5 * data[:10], pca(data, 3)), pca(data, 3).coords[:10])


def test_identity_projection_keeps_coordinates():
    data = np.random.default_rng(17).standard_normal((200, 3)) * [1.0, 2.0, 3.0]
    result = identity_projection(data)
    np.testing.assert_array_equal(result.coords, data.astype(np.float32))
    variance = data.var(axis=0, ddof=1)
    np.testing.assert_allclose(result.explained_variance, variance)
    np.testing.assert_allclose(result.explained_variance_ratio, variance / variance.sum())
    np.testing.assert_allclose(project(data[:5], result), data[:5])
    assert result.solver == "identity"
    assert identity_projection(data[:, :2]).coords.shape == (200, 2)
    with pytest.raises(ValueError, match=r"\(n, 2\) or \(n, 3\)"):
        identity_projection(np.ones((5, 4)))
    with pytest.raises(ValueError, match="NaN"):
        identity_projection(np.array([[0.0, np.nan], [1.0, 2.0]]))


def test_chunk_defaults_bound_memory_and_work():
    rows = projection_module._default_chunk_rows(768, 4)
    assert rows * 768 * 4 <= 32 * 2**20
    assert rows * 768**2 <= 5e9
    assert rows >= 1000
