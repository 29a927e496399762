"""The iterative solver: block subspace iteration, one streamed pass per iteration.

Used when both n and d exceed ``DENSE_MAX_DIM``: it never forms a d x d or n x n
matrix, and reads a memory map larger than RAM chunk by chunk on every pass (with
progress and Cancel between chunks); see the package docstring.
"""

from __future__ import annotations

import numpy as np

from .chunks import _check_finite, _load, _pow2_scale, _project_pass, _ranges
from .eigen import _check_matrix, _flip_signs
from .result import Projection, _finish

_ITER_OVERSAMPLE = 30
_ITER_MAX = 100
_ITER_TOL = 1e-6


def _fit_iterative(data, k, normalize, rows, work, steps) -> Projection:
    n, d = data.shape
    chunks = _ranges(n, rows)
    per_pass = len(chunks)
    steps.total = per_pass * (_ITER_MAX + 2)
    buf = np.empty((rows, d), dtype=work)

    # pass 0: the exact mean and total variance (Chan's update on the trace only)
    count, mean, total = 0, np.zeros(d), 0.0
    for start, stop in chunks:
        steps.check()
        y, shift = _load(data, start, stop, buf, normalize)
        sums = y.sum(axis=0, dtype=np.float64)
        _check_finite(sums, start, stop)
        c = len(y)
        with np.errstate(over="ignore", invalid="ignore"):
            chunk_total = float(np.einsum("ij,ij->", y, y, dtype=np.float64)) - sums @ sums / c
            delta = shift + sums / c - mean
            total += chunk_total + (delta @ delta) * count * c / (count + c)
        _check_matrix(np.array([total]))
        mean = mean + delta * (c / (count + c))
        count += c
        steps.advance()
    total_variance = max(total, 0.0) / (n - 1)
    # Chunks are divided by this power of two before the float32 products, so that
    # values of 1e18 do not overflow and values of 1e-30 do not underflow.
    unit = _pow2_scale(np.sqrt(total_variance / d))
    inverse = work(1.0 / unit)
    mean_w = mean.astype(work)
    residual_mean = mean - mean_w  # mean of (x - mean_w)

    def covariance_times(v: np.ndarray) -> np.ndarray:
        v_w = v.astype(work)
        acc = np.zeros_like(v)
        for start, stop in chunks:
            steps.check()
            y, _ = _load(data, start, stop, buf, normalize, mean_w)
            if unit != 1.0:
                y *= inverse
            acc += np.asarray(y.T @ (y @ v_w), dtype=np.float64) * (unit * unit)
            steps.advance()
        acc -= n * np.outer(residual_mean, residual_mean @ v)
        return acc / (n - 1)

    size = min(k + _ITER_OVERSAMPLE, min(n, d))
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(rng.standard_normal((d, size)))
    for iteration in range(1, _ITER_MAX + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            image = covariance_times(basis)
        _check_matrix(image)
        ritz_values, ritz_vectors = np.linalg.eigh(basis.T @ image)
        order = np.argsort(ritz_values)[::-1]
        ritz_values, ritz_vectors = ritz_values[order], ritz_vectors[:, order]
        vectors = basis @ ritz_vectors
        images = image @ ritz_vectors
        residuals = np.linalg.norm(images[:, :k] - vectors[:, :k] * ritz_values[:k], axis=0)
        scale = max(ritz_values[0], np.finfo(float).tiny)
        if residuals.max() <= _ITER_TOL * scale or iteration == _ITER_MAX:
            break
        basis, _ = np.linalg.qr(images)
        steps.skip_to(per_pass * (iteration + 1))
    steps.skip_to(per_pass * (_ITER_MAX + 1))
    components = vectors[:, :k].T.copy()
    components *= _flip_signs(components)[:, None]
    variances = np.clip(ritz_values[:k], 0, None)
    coords = _project_pass(data, components, mean, normalize, buf, steps, unit)
    return _finish(coords, variances, total_variance, components, mean, normalize, n, "iterative")
