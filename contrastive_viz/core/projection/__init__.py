"""Exact PCA over every vector of a (possibly memory-mapped, larger than RAM) array.

Nothing here samples: every row takes part in the fit and gets coordinates. The
array is read in row chunks, so a ``np.load(path, mmap_mode="r")`` memmap of a file
larger than RAM works and peak private memory stays at a few tens of MB plus the
(n, k) float32 coordinates.

Solvers (``solver="auto"`` picks by the shape (n, d) of the data):

``"covariance"`` (d <= n and d <= 2000)
    Pass 1 accumulates the d x d scatter matrix chunk by chunk, then LAPACK finds its
    top k eigenpairs; pass 2 projects. Each chunk is first shifted by an estimate of
    its own mean, its Gram matrix is a float32 BLAS ``syrk`` accumulated into
    float64, and the exact
    chunk mean and scatter are recovered from the shifted sums (Chan et al.'s pairwise
    update). So a large common offset costs no precision, unlike the textbook
    ``X^T X - n mu mu^T`` which scikit-learn's ``covariance_eigh`` solver computes in
    the data's dtype.
``"gram"`` (n < d and n <= 2000)
    The n x n Gram matrix of the centred rows, accumulated over blocks of columns
    (each block is centred exactly by its own column means), then its top k
    eigenpairs. A second pass over the column blocks builds the components.
``"iterative"`` (both n and d > 2000)
    Block subspace iteration (k + 30 vectors, Rayleigh-Ritz) on the covariance
    operator, one streamed pass per iteration, until the residuals of the k Ritz
    pairs fall below ``1e-6`` of the top eigenvalue (at most 100 iterations: about 5
    for a clear spectrum, 70-100 for a flat one). A dense d x d eigendecomposition
    would cost O(d^3) time and O(d^2) memory there, and the n x n Gram matrix
    O(n^2) memory.

Sign convention: each component is flipped so that its entry of largest absolute
value is positive (the first such entry on ties), exactly as scikit-learn's
``svd_flip(u_based_decision=False)`` does, so results agree with
``sklearn.decomposition.PCA`` including signs except for near-ties.

Modules: one per solver (:mod:`.covariance`, :mod:`.gram`, :mod:`.iterative`),
:mod:`.chunks` (chunked reading, progress and Cancel, the projection pass),
:mod:`.eigen` (dense eigenpairs and the sign convention) and :mod:`.result`
(:class:`Projection`, :func:`project`, :func:`identity_projection`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .chunks import (
    CancelledCallback,
    ProgressCallback,
    ProjectionCancelled,
    _as_2d_array,
    _check_int,
    _default_chunk_rows,
    _Steps,
)
from .covariance import _fit_covariance
from .gram import _fit_gram
from .iterative import _fit_iterative
from .result import Projection, _pad, identity_projection, project

__all__ = [
    "Projection",
    "ProjectionCancelled",
    "identity_projection",
    "pca",
    "project",
]

DENSE_MAX_DIM = 2000
"""Largest d (covariance solver) or n (Gram solver) decomposed densely."""


def pca(
    vectors: npt.ArrayLike,
    n_components: int = 3,
    normalize: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelledCallback | None = None,
    chunk_rows: int | None = None,
    *,
    solver: str = "auto",
    pad: bool = False,
) -> Projection:
    """Exact principal component analysis of every row of ``vectors``.

    Parameters
    ----------
    vectors : array_like, shape (n, d)
        Any numeric array; ``np.memmap`` (or anything sliceable with ``.shape`` and
        ``.dtype``) is streamed in row chunks and never copied whole. float64 input is
        computed in float64, everything else in float32 with float64 accumulators.
    n_components : int, default 3
        Number of components k, ``1 <= k <= min(n, d)``.
    normalize : bool, default False
        L2-normalize each row before the fit (chunk by chunk); zero rows stay zero,
        like ``sklearn.preprocessing.normalize``.
    progress : callable, optional
        Called as ``progress(fraction)`` after each chunk, with fractions increasing
        over all passes and a final call with exactly 1.0.
    cancelled : callable, optional
        Polled between chunks; when it returns True, :class:`ProjectionCancelled` is
        raised.
    chunk_rows : int, optional
        Rows per chunk (the Gram solver reads column blocks of as many elements).
        By default about 32 MB of data and 25 ms of BLAS work per chunk. It does not
        change the result beyond float rounding.
    solver : {"auto", "covariance", "gram", "iterative"}, default "auto"
        See the module docstring.
    pad : bool, default False
        Allow ``min(n, d) < k <= d`` (for example 2 vectors and 3 components): fit
        ``min(n, d)`` components and add orthonormal axes with zero variance, on which
        every coordinate is 0. Without it such a ``k`` is a ValueError.

    Returns
    -------
    Projection
        Agrees with ``sklearn.decomposition.PCA(k).fit(X)`` (including the sign
        convention described in the module docstring).

    Raises
    ------
    ValueError
        For n < 2, d < 1, k outside ``[1, min(n, d)]`` (``[1, d]`` with ``pad``),
        non-numeric data, NaN or infinite values, coordinates beyond the float32 range,
        or an unknown solver. Values of any magnitude that float32 can hold are fitted:
        chunks are rescaled by a power of two before the float32 products.
    ProjectionCancelled
        When ``cancelled()`` returns True.
    """
    data = _as_2d_array(vectors, "vectors")
    n, d = data.shape
    if n < 2:
        raise ValueError(f"PCA needs at least 2 vectors, got {n}")
    if d < 1:
        raise ValueError("vectors must have at least 1 dimension")
    k = _check_int(n_components, "n_components")
    top = d if pad else min(n, d)
    if not 1 <= k <= top:
        what = "n_features" if pad else "min(n_samples, n_features)"
        raise ValueError(f"n_components must be between 1 and {what}={top}, got {k}")
    wanted, k = k, min(k, n, d)
    if chunk_rows is not None and _check_int(chunk_rows, "chunk_rows") < 1:
        raise ValueError(f"chunk_rows must be >= 1, got {chunk_rows}")
    if solver == "auto":
        if d <= n and d <= DENSE_MAX_DIM:
            solver = "covariance"
        elif n < d and n <= DENSE_MAX_DIM:
            solver = "gram"
        else:
            solver = "iterative"
    work = np.float64 if data.dtype == np.float64 else np.float32
    rows = chunk_rows or _default_chunk_rows(d, np.dtype(work).itemsize)
    rows = min(rows, n)
    steps = _Steps(progress, cancelled)
    if solver == "covariance":
        result = _fit_covariance(data, k, normalize, rows, work, steps)
    elif solver == "gram":
        result = _fit_gram(data, k, normalize, rows, work, steps)
    elif solver == "iterative":
        result = _fit_iterative(data, k, normalize, rows, work, steps)
    else:
        raise ValueError(
            f"solver must be 'auto', 'covariance', 'gram' or 'iterative', got {solver!r}"
        )
    steps.finish()
    return _pad(result, wanted) if wanted > k else result
