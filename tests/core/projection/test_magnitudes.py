"""Data the loader accepts is data the projection handles (issue 9, item 10)."""

import numpy as np
import pytest

from contrastive_viz.core.projection import pca, project

RNG = np.random.default_rng(3)
BASE = RNG.standard_normal((400, 24)).astype(np.float32)
SOLVERS = {"covariance": BASE, "gram": BASE[:16], "iterative": BASE}


@pytest.mark.parametrize("solver", sorted(SOLVERS))
@pytest.mark.parametrize("scale", [1e18, 1e30, 1e37, 1e-30, 1e-36])
@pytest.mark.parametrize("normalize", [False, True])
def test_extreme_float32_magnitudes_give_the_same_fit(solver, scale, normalize):
    x = SOLVERS[solver]
    reference = pca(x, 3, normalize=normalize, solver=solver)
    result = pca((x * np.float32(scale)).astype(np.float32), 3, normalize=normalize, solver=solver)
    np.testing.assert_allclose(
        result.explained_variance_ratio, reference.explained_variance_ratio, atol=1e-6
    )
    np.testing.assert_allclose(
        np.abs(result.components @ reference.components.T).diagonal(), 1, atol=1e-4
    )
    unit = 1.0 if normalize else scale
    coords = result.coords.astype(np.float64) / unit
    np.testing.assert_allclose(np.abs(coords), np.abs(reference.coords), rtol=1e-3, atol=1e-3)
    assert np.all(result.explained_variance > 0)  # never "zero variance" for 1e-30


def test_values_of_1e_minus_30_are_not_all_at_the_origin():
    result = pca(BASE * np.float32(1e-30), 3)
    assert result.explained_variance_ratio.sum() > 0.1
    spread = np.ptp(result.coords.astype(np.float64), axis=0)
    assert np.all(spread > 1e-31)


def test_coordinates_beyond_float32_are_a_value_error():
    x = np.full((50, 8), 3e38, dtype=np.float32)
    x[::2] *= -1
    with pytest.raises(ValueError, match="float32 range|too large"):
        pca(x, 3)


@pytest.mark.parametrize("solver", ["covariance", "iterative", "gram"])
def test_float64_squares_that_overflow_are_a_value_error(solver):
    x = RNG.standard_normal((300 if solver != "gram" else 6, 10)) * 1e200
    with pytest.raises(ValueError, match="too large for the arithmetic"):
        pca(x, 3, solver=solver)
    assert np.isfinite(pca(x, 3, solver=solver, normalize=True).coords).all()


@pytest.mark.parametrize(("n", "d"), [(2, 4), (2, 768), (3, 5)])
def test_pad_handles_fewer_vectors_than_components(n, d):
    x = RNG.standard_normal((n, d)).astype(np.float32)
    with pytest.raises(ValueError, match="n_components"):
        pca(x, n + 1)
    result = pca(x, n + 1, pad=True)
    assert result.coords.shape == (n, n + 1) and result.n_components == n + 1
    np.testing.assert_allclose(result.components @ result.components.T, np.eye(n + 1), atol=1e-6)
    assert np.all(result.coords[:, n:] == 0) and np.all(result.explained_variance[n:] == 0)
    np.testing.assert_allclose(project(x, result), result.coords, atol=1e-4)
    exact = pca(x, min(n, d))
    np.testing.assert_array_equal(result.coords[:, : exact.n_components], exact.coords)


def test_pad_cannot_exceed_the_dimension():
    with pytest.raises(ValueError, match="n_features=4"):
        pca(np.eye(2, 4), 5, pad=True)
