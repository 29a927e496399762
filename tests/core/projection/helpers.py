"""Test data with a clear spectrum, and the comparison with a fitted scikit-learn PCA."""

import numpy as np


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
