"""The covariance solver: a streamed d x d scatter matrix, then dense eigenpairs.

Used for d <= n and d <= ``DENSE_MAX_DIM``; see the package docstring.
"""

from __future__ import annotations

import numpy as np

from .chunks import _check_finite, _load, _pow2_scale, _project_pass, _ranges, _scaled_gram
from .eigen import _flip_signs, _top_eigh
from .result import Projection, _finish

_FLUSH_CHUNKS = 64  # chunk statistics merged into the running scatter this often


class _Scatter:
    """Running count, mean and scatter matrix (float64), merged from shifted chunks."""

    def __init__(self, d: int):
        self.count = 0
        self.mean = np.zeros(d)
        self.m2 = np.zeros((d, d))
        self._gram = np.zeros((d, d))
        self._shifts: list[np.ndarray] = []
        self._sums: list[np.ndarray] = []
        self._counts: list[int] = []

    def add(self, shift: np.ndarray, sums: np.ndarray, gram: np.ndarray, count: int) -> None:
        """Add a chunk y = x - shift given sum(y), y^T y and its row count."""
        self._gram += gram
        self._shifts.append(shift.astype(np.float64))
        self._sums.append(sums.astype(np.float64))
        self._counts.append(count)
        if len(self._counts) >= _FLUSH_CHUNKS:
            self.flush()

    def flush(self) -> None:
        if not self._counts:
            return
        with np.errstate(over="ignore", invalid="ignore"):  # checked by _top_eigh
            self._flush()

    def _flush(self) -> None:
        counts = np.asarray(self._counts, dtype=np.float64)
        sums = np.stack(self._sums)
        means = np.stack(self._shifts) + sums / counts[:, None]
        n_b = counts.sum()
        mean_b = (counts @ means) / n_b
        # scatter of each chunk about its own mean, plus between-chunk scatter
        m2_b = self._gram - (sums.T / counts) @ sums
        deviation = means - mean_b
        m2_b += (deviation.T * counts) @ deviation
        if self.count == 0:
            self.mean, self.m2 = mean_b, m2_b
        else:
            delta = mean_b - self.mean
            total = self.count + n_b
            self.m2 += m2_b + np.outer(delta, delta) * (self.count * n_b / total)
            self.mean = self.mean + delta * (n_b / total)
        self.count += int(n_b)
        self._gram[:] = 0
        self._shifts, self._sums, self._counts = [], [], []


def _fit_covariance(data, k, normalize, rows, work, steps) -> Projection:
    n, d = data.shape
    chunks = _ranges(n, rows)
    steps.total = 2 * len(chunks)
    scatter = _Scatter(d)
    buf = np.empty((rows, d), dtype=work)
    ones = np.ones(rows, dtype=work)
    for start, stop in chunks:
        steps.check()
        y, shift = _load(data, start, stop, buf, normalize)
        top = ones[: len(y)]
        with np.errstate(over="ignore", invalid="ignore"):
            sums = top @ y
        gram, scale = _scaled_gram(y, lambda z: z.T @ z)  # y.T @ y is a BLAS syrk
        if scale != 1.0:  # y was divided by scale in place
            sums = np.asarray(top @ y, dtype=np.float64) * scale
        _check_finite(sums, start, stop)
        scatter.add(shift, sums, gram, len(y))
        steps.advance()
    scatter.flush()
    covariance = scatter.m2 / (n - 1)
    variances, eigenvectors = _top_eigh(covariance, k)
    components = eigenvectors.T.copy()
    components *= _flip_signs(components)[:, None]
    total = float(np.trace(covariance))
    scale = _pow2_scale(np.sqrt(total / d))
    coords = _project_pass(data, components, scatter.mean, normalize, buf, steps, scale)
    return _finish(coords, variances, total, components, scatter.mean, normalize, n, "covariance")
