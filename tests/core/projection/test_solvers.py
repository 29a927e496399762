"""Each PCA solver against scikit-learn, including hard cases for precision."""

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.preprocessing import normalize as sk_normalize

from contrastive_viz.core.projection import eigen, pca, project

from .helpers import assert_matches, low_rank


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
    monkeypatch.setattr(eigen, "_EIGH_FULL_MAX", 0)
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
