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
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "Projection",
    "ProjectionCancelled",
    "identity_projection",
    "pca",
    "project",
]

ProgressCallback = Callable[[float], None]
CancelledCallback = Callable[[], bool]

DENSE_MAX_DIM = 2000
"""Largest d (covariance solver) or n (Gram solver) decomposed densely."""

_CHUNK_BYTES = 32 * 2**20  # chunk buffer size: bounds private memory
_CHUNK_FLOPS = 5e9  # rows * d**2 per chunk: about 25 ms of syrk on 2 cores
_SHIFT_ROWS = 64  # rows sampled to estimate a chunk's mean before centring it
_FLUSH_CHUNKS = 64  # chunk statistics merged into the running scatter this often
_ITER_OVERSAMPLE = 30
_ITER_MAX = 100
_ITER_TOL = 1e-6
_EIGH_FULL_MAX = 1024  # larger symmetric matrices: only the top k eigenpairs (scipy)


class ProjectionCancelled(Exception):  # name fixed by the API (not ...Error)
    """Raised between chunks when the ``cancelled`` callback returns True."""


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


def pca(
    vectors: npt.ArrayLike,
    n_components: int = 3,
    normalize: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelledCallback | None = None,
    chunk_rows: int | None = None,
    *,
    solver: str = "auto",
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

    Returns
    -------
    Projection
        Agrees with ``sklearn.decomposition.PCA(k).fit(X)`` (including the sign
        convention described in the module docstring).

    Raises
    ------
    ValueError
        For n < 2, d < 1, k outside ``[1, min(n, d)]``, non-numeric data, NaN or
        infinite values, or an unknown solver.
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
    if not 1 <= k <= min(n, d):
        raise ValueError(
            f"n_components must be between 1 and min(n_samples, n_features)={min(n, d)}, got {k}"
        )
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
    return result


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


# ----------------------------------------------------------------------------- helpers


class _Steps:
    """Progress and cancellation bookkeeping, one step per chunk."""

    def __init__(self, progress: ProgressCallback | None, cancelled: CancelledCallback | None):
        self._progress = progress
        self._cancelled = cancelled
        self.total = 1
        self.done = 0
        self._last = 0.0

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ProjectionCancelled("projection cancelled")

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        self._report(self.done / self.total)

    def skip_to(self, done: int) -> None:
        self.done = max(self.done, min(done, self.total))

    def finish(self) -> None:
        if self._last < 1.0:
            self._report(1.0)

    def _report(self, fraction: float) -> None:
        fraction = max(self._last, min(1.0, fraction))
        self._last = fraction
        if self._progress is not None:
            self._progress(fraction)


def _as_2d_array(vectors: npt.ArrayLike, name: str):
    """Return a 2-D sliceable array, keeping memmaps (and h5py-like datasets) lazy."""
    if not (hasattr(vectors, "shape") and hasattr(vectors, "dtype")):
        vectors = np.asarray(vectors)
    if len(vectors.shape) != 2:  # type: ignore[union-attr]
        raise ValueError(f"{name} must be 2-D (n, d), got shape {vectors.shape}")  # type: ignore[union-attr]
    _check_numeric(np.dtype(vectors.dtype))  # type: ignore[union-attr]
    return vectors


def _check_numeric(dtype: np.dtype) -> None:
    if not (np.issubdtype(dtype, np.integer) or np.issubdtype(dtype, np.floating)):
        raise ValueError(f"vectors must be real numbers, got dtype {dtype}")


def _check_int(value: object, name: str) -> int:
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


def _default_chunk_rows(d: int, itemsize: int) -> int:
    by_bytes = _CHUNK_BYTES // (d * itemsize)
    by_flops = int(_CHUNK_FLOPS * 4 / itemsize / d**2)
    return max(16, min(by_bytes, by_flops))


def _ranges(n: int, rows: int) -> list[tuple[int, int]]:
    return [(start, min(start + rows, n)) for start in range(0, n, rows)]


def _normalize_rows(y: np.ndarray) -> None:
    """L2-normalize rows in place; zero rows stay zero (as sklearn's ``normalize``)."""
    norms = np.sqrt(np.einsum("ij,ij->i", y, y))
    norms[norms == 0] = 1
    y /= norms[:, None]


def _load(data, start: int, stop: int, out: np.ndarray, normalize: bool, shift=None):
    """Copy rows ``start:stop`` into ``out`` (normalized, minus ``shift``).

    ``shift=None`` subtracts an estimate of the chunk's own mean (from up to 64
    evenly spaced rows) and returns it; any shift is exact for the statistics, it
    only keeps the float32 Gram matrix well conditioned.
    """
    x = np.asarray(data[start:stop])
    y = out[: stop - start]
    with np.errstate(invalid="ignore", over="ignore"):  # callers check the sums
        if normalize:
            np.copyto(y, x, casting="unsafe")
            _normalize_rows(y)
            x = y
        if shift is None:
            step = max(1, len(x) // _SHIFT_ROWS)
            shift = x[::step].mean(axis=0, dtype=np.float64).astype(y.dtype)
        np.subtract(x, shift, out=y, casting="unsafe")
    return y, shift


def _check_finite(values: np.ndarray, start: int, stop: int) -> None:
    if not np.isfinite(values).all():
        raise ValueError(
            f"vectors contain NaN or infinite values (or values too large for the "
            f"arithmetic) in rows {start}..{stop - 1}"
        )


def _flip_signs(components: np.ndarray) -> np.ndarray:
    """Signs making each row's largest-|loading| entry positive (sklearn's svd_flip)."""
    largest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(len(components)), largest])
    signs[signs == 0] = 1
    return signs


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


def _project_pass(data, components, mean, normalize, buf, steps) -> np.ndarray:
    """Second pass: float32 coordinates ``(x - mean) @ components.T``, chunk by chunk."""
    n = data.shape[0]
    work = buf.dtype
    coords = np.empty((n, len(components)), dtype=np.float32)
    mean_w = mean.astype(work)
    # (x - mean_w) is exact-ish in the work dtype; fold mean_w's rounding back in.
    correction = ((mean - mean_w) @ components.T).astype(work)
    weights = np.ascontiguousarray(components.T, dtype=work)
    for start, stop in _ranges(n, len(buf)):
        steps.check()
        y, _ = _load(data, start, stop, buf, normalize, mean_w)
        block = y @ weights
        block -= correction
        coords[start:stop] = block
        steps.advance()
    return coords


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


# ----------------------------------------------------------------------------- solvers


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
        sums = ones[: len(y)] @ y
        _check_finite(sums, start, stop)
        scatter.add(shift, sums, y.T @ y, len(y))  # y.T @ y is a BLAS syrk
        steps.advance()
    scatter.flush()
    covariance = scatter.m2 / (n - 1)
    variances, eigenvectors = _top_eigh(covariance, k)
    components = eigenvectors.T.copy()
    components *= _flip_signs(components)[:, None]
    coords = _project_pass(data, components, scatter.mean, normalize, buf, steps)
    total = float(np.trace(covariance))
    return _finish(coords, variances, total, components, scatter.mean, normalize, n, "covariance")


def _top_eigh(matrix: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k largest eigenpairs of a symmetric matrix, descending, values clipped at 0.

    Up to m = 1024, ``np.linalg.eigh`` (about 0.07 s at 768, less than importing
    scipy). Above, LAPACK's syevr on the top k only (``scipy.linalg.eigh``), which
    skips most of the work. The total variance is the trace, so the other
    eigenvalues are never needed.
    """
    m = len(matrix)
    if m <= _EIGH_FULL_MAX:
        values, vectors = np.linalg.eigh(matrix)
        values, vectors = values[m - k :], vectors[:, m - k :]
    else:
        from scipy.linalg import eigh  # lazy; scipy comes with scikit-learn

        values, vectors = eigh(matrix, subset_by_index=[m - k, m - 1], check_finite=False)
    return np.clip(values[::-1], 0, None), vectors[:, ::-1]


def _row_norms(data, rows, steps) -> np.ndarray:
    n = data.shape[0]
    norms = np.empty(n)
    for start, stop in _ranges(n, rows):
        steps.check()
        x = np.asarray(data[start:stop], dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            norms[start:stop] = np.sqrt(np.einsum("ij,ij->i", x, x))
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
        gram += y @ y.T
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
        components[:, a:b] = (u.T.astype(work) @ y) * scale[:, None]
        steps.advance()
    components = _orthonormalize(components, valid)
    singular = np.where(valid, singular, 0)
    signs = _flip_signs(components)
    components *= signs[:, None]
    coords = (u * (singular * signs)).astype(np.float32)
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
        chunk_total = float(np.einsum("ij,ij->", y, y, dtype=np.float64)) - sums @ sums / c
        delta = shift + sums / c - mean
        total += chunk_total + (delta @ delta) * count * c / (count + c)
        mean = mean + delta * (c / (count + c))
        count += c
        steps.advance()
    total_variance = max(total, 0.0) / (n - 1)
    mean_w = mean.astype(work)
    residual_mean = mean - mean_w  # mean of (x - mean_w)

    def covariance_times(v: np.ndarray) -> np.ndarray:
        v_w = v.astype(work)
        acc = np.zeros_like(v)
        for start, stop in chunks:
            steps.check()
            y, _ = _load(data, start, stop, buf, normalize, mean_w)
            acc += y.T @ (y @ v_w)
            steps.advance()
        acc -= n * np.outer(residual_mean, residual_mean @ v)
        return acc / (n - 1)

    size = min(k + _ITER_OVERSAMPLE, min(n, d))
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(rng.standard_normal((d, size)))
    for iteration in range(1, _ITER_MAX + 1):
        image = covariance_times(basis)
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
    coords = _project_pass(data, components, mean, normalize, buf, steps)
    return _finish(coords, variances, total_variance, components, mean, normalize, n, "iterative")
