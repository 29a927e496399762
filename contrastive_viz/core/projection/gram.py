"""The Gram solver: the n x n Gram matrix of the centred rows, built over column blocks.

Used for n < d and n <= ``DENSE_MAX_DIM``; see the package docstring.
"""

from __future__ import annotations

import itertools

import numpy as np

from .chunks import _check_finite, _chunk_scale, _ranges, _robust_norms, _scaled_gram
from .eigen import _flip_signs, _top_eigh
from .result import Projection, _finish


def _row_norms(data, rows, steps) -> np.ndarray:
    n = data.shape[0]
    norms = np.empty(n)
    for start, stop in _ranges(n, rows):
        steps.check()
        norms[start:stop] = _robust_norms(np.asarray(data[start:stop]))
        _check_finite(norms[start:stop], start, stop)
        steps.advance()
    norms[norms == 0] = 1
    return norms


def _fit_gram(data, k, normalize, rows, work, steps) -> Projection:
    n, d = data.shape
    cols = max(1, min(d, rows * d // n))  # a column block holds as much as a row chunk
    blocks = _ranges(d, cols)
    steps.total = 2 * len(blocks) + (len(_ranges(n, rows)) if normalize else 0)
    norms = _row_norms(data, rows, steps).astype(work)[:, None] if normalize else None
    mean = np.empty(d)

    def centred_block(a: int, b: int) -> np.ndarray:
        y = np.array(data[:, a:b], dtype=work)
        with np.errstate(invalid="ignore", over="ignore"):
            if norms is not None:
                y /= norms
            mean[a:b] = y.mean(axis=0, dtype=np.float64)
        _check_finite(mean[a:b], 0, n)
        y -= mean[a:b].astype(work)
        return y

    gram = np.zeros((n, n))
    for a, b in blocks:
        steps.check()
        y = centred_block(a, b)
        gram += _scaled_gram(y, lambda z: z @ z.T)[0]
        steps.advance()
    eigenvalues, u = _top_eigh(gram, k)
    singular = np.sqrt(eigenvalues)
    # eigenvalues of a float32 Gram matrix below this are rounding noise, not variance
    valid = eigenvalues > eigenvalues[0] * max(n, d) * np.finfo(work).eps
    scale = np.divide(1.0, singular, out=np.zeros(k), where=valid)
    components = np.empty((k, d))
    for a, b in blocks:
        steps.check()
        y = centred_block(a, b)
        s = _chunk_scale(y)
        if s != 1.0:
            y *= y.dtype.type(1.0 / s)
        components[:, a:b] = (u.T.astype(work) @ y) * (scale * s)[:, None]
        steps.advance()
    components = _orthonormalize(components, valid)
    singular = np.where(valid, singular, 0)
    signs = _flip_signs(components)
    components *= signs[:, None]
    with np.errstate(over="ignore"):
        coords = (u * (singular * signs)).astype(np.float32)
    if not np.isfinite(coords).all():
        raise ValueError("the coordinates exceed the float32 range; scale the vectors down")
    variances = np.where(valid, eigenvalues / (n - 1), 0)
    total = float(np.trace(gram)) / (n - 1)
    return _finish(coords, variances, total, components, mean, normalize, n, "gram")


def _orthonormalize(components: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Gram-Schmidt in order of variance; zero-variance rows become orthogonal axes."""
    k, d = components.shape
    basis = np.zeros((0, d))
    for i in range(k):
        axes = (np.eye(1, d, j)[0] for j in range(d))  # first axis not yet spanned
        for candidate in itertools.chain([components[i]] if valid[i] else [], axes):
            candidate = candidate - basis.T @ (basis @ candidate)
            norm = np.linalg.norm(candidate)
            if norm > 1e-6:
                break
        components[i] = candidate / norm
        basis = np.vstack([basis, components[i]])
    return components
