"""Projecting new vectors into a fit, and the identity projection."""

import numpy as np
import pytest

from contrastive_viz.core.projection import identity_projection, pca, project

from .helpers import low_rank

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
