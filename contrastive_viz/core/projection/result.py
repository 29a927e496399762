"""The result of a fit (:class:`Projection`), and coordinates of vectors in it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from .chunks import _as_2d_array, _check_numeric, _default_chunk_rows, _normalize_rows


@dataclass(frozen=True, eq=False)
class Projection:
    """Result of a PCA fit.

    Attributes
    ----------
    coords : ndarray of float32, shape (n_samples, k)
        Coordinates of every input vector: ``(x - mean) @ components.T`` (after
        L2-normalizing ``x`` when ``normalized``).
    explained_variance_ratio : ndarray of float64, shape (k,)
        Share of the total variance along each component.
    explained_variance : ndarray of float64, shape (k,)
        Variance along each component (denominator n - 1, as scikit-learn).
    components : ndarray of float64, shape (k, d)
        Orthonormal principal axes, sorted by decreasing variance.
    mean : ndarray of float64, shape (d,)
        Mean of the (normalized) vectors.
    normalized : bool
        Whether rows were L2-normalized before the fit (cosine geometry).
    n_samples : int
        Number of vectors fitted.
    solver : str
        ``"covariance"``, ``"gram"``, ``"iterative"`` or ``"identity"``.
    """

    coords: np.ndarray
    explained_variance_ratio: np.ndarray
    explained_variance: np.ndarray
    components: np.ndarray
    mean: np.ndarray
    normalized: bool
    n_samples: int
    solver: str = "covariance"

    @property
    def n_components(self) -> int:
        """Number of components k."""
        return int(self.components.shape[0])

    @property
    def n_features(self) -> int:
        """Dimension d of the original vectors."""
        return int(self.components.shape[1])


def _finish(coords, variances, total, components, mean, normalize, n, solver) -> Projection:
    ratio = variances / total if total > 0 else np.zeros_like(variances)
    return Projection(
        coords=coords,
        explained_variance_ratio=ratio,
        explained_variance=variances,
        components=components,
        mean=mean,
        normalized=normalize,
        n_samples=n,
        solver=solver,
    )


def _pad(result: Projection, k: int) -> Projection:
    """``result`` with zero-variance orthonormal axes added up to ``k`` components."""
    from .gram import _orthonormalize  # the same completion the Gram solver uses

    have, d = result.components.shape
    extra = k - have
    components = np.vstack([result.components, np.zeros((extra, d))])
    valid = np.arange(k) < have
    components = _orthonormalize(components, valid)
    zeros = np.zeros(extra)
    coords = np.hstack([result.coords, np.zeros((result.coords.shape[0], extra), np.float32)])
    return replace(
        result,
        coords=coords,
        components=components,
        explained_variance=np.concatenate([result.explained_variance, zeros]),
        explained_variance_ratio=np.concatenate([result.explained_variance_ratio, zeros]),
    )


def project(vectors: npt.ArrayLike, projection: Projection) -> np.ndarray:
    """Coordinates of new vectors in a fitted projection.

    Parameters
    ----------
    vectors : array_like, shape (d,) or (m, d)
        Vectors in the original space; normalized first if ``projection.normalized``.
    projection : Projection
        A fit from :func:`pca` or :func:`identity_projection`.

    Returns
    -------
    ndarray of float64, shape (k,) or (m, k)
        ``(x - mean) @ components.T``, computed in float64 in row chunks.
    """
    single = np.ndim(vectors) == 1
    data = _as_2d_array(np.asarray(vectors)[None, :] if single else vectors, "vectors")
    m, d = data.shape
    if d != projection.n_features:
        raise ValueError(
            f"vectors have {d} dimensions, the projection expects {projection.n_features}"
        )
    out = np.empty((m, projection.n_components))
    rows = _default_chunk_rows(d, 8)
    for start in range(0, m, rows):
        stop = min(start + rows, m)
        x = np.array(data[start:stop], dtype=np.float64)
        if not np.isfinite(x).all():
            raise ValueError("vectors contain NaN or infinite values")
        if projection.normalized:
            _normalize_rows(x)
        x -= projection.mean
        np.matmul(x, projection.components.T, out=out[start:stop])
    return out[0] if single else out


def identity_projection(vectors: npt.ArrayLike) -> Projection:
    """Use 2D or 3D vectors as coordinates unchanged ("coordinates computed elsewhere").

    Parameters
    ----------
    vectors : array_like, shape (n, 2) or (n, 3)

    Returns
    -------
    Projection
        ``coords`` is a float32 copy of the data, ``components`` the identity and
        ``mean`` zero (so :func:`project` returns vectors unchanged). The variances
        are those along the data's own axes (denominator n - 1), in axis order, not
        sorted, and the ratios are their shares of the total.
    """
    data = np.asarray(vectors)
    if data.ndim != 2 or data.shape[1] not in (2, 3):
        raise ValueError(f"identity projection needs shape (n, 2) or (n, 3), got {data.shape}")
    n, d = data.shape
    if n < 2:
        raise ValueError(f"identity projection needs at least 2 vectors, got {n}")
    _check_numeric(data.dtype)
    values = data.astype(np.float64)
    if not np.isfinite(values).all():
        raise ValueError("vectors contain NaN or infinite values")
    variance = values.var(axis=0, ddof=1)
    total = variance.sum()
    ratio = variance / total if total > 0 else np.zeros(d)
    return Projection(
        coords=data.astype(np.float32),
        explained_variance_ratio=ratio,
        explained_variance=variance,
        components=np.eye(d),
        mean=np.zeros(d),
        normalized=False,
        n_samples=n,
        solver="identity",
    )
