"""Reading the data in row chunks: input checks, chunk sizes, progress and Cancel.

The solvers read the data in pieces of about 32 MB (row chunks; column blocks for
the Gram solver), so a memory-mapped file larger than RAM is never held in memory.
:func:`_project_pass` is the last pass of the covariance and iterative solvers.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

ProgressCallback = Callable[[float], None]
CancelledCallback = Callable[[], bool]

_CHUNK_BYTES = 32 * 2**20  # chunk buffer size: bounds private memory
_CHUNK_FLOPS = 5e9  # rows * d**2 per chunk: about 25 ms of syrk on 2 cores
_SHIFT_ROWS = 64  # rows sampled to estimate a chunk's mean before centring it
_SAFE_MAGNITUDE = 2.0**-40  # chunks with max |y| outside [this, 1/this] are rescaled
_TINY_GRAM = 2.0**-80  # a Gram diagonal below this lost digits to float32 subnormals


class ProjectionCancelled(Exception):  # name fixed by the API (not ...Error)
    """Raised between chunks when the ``cancelled`` callback returns True."""


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


def _pow2_scale(magnitude: float) -> float:
    """1, or a power of two near ``magnitude`` when it is outside [2**-40, 2**40].

    Dividing a chunk by it before a float32 product (``y.T @ y``) keeps the squares
    away from float32's overflow (about 3.4e38) and its subnormals (below 1.2e-38);
    a power of two scales exactly. Zero and non-finite magnitudes give 1.
    """
    if not np.isfinite(magnitude) or magnitude == 0:
        return 1.0
    if _SAFE_MAGNITUDE <= magnitude <= 1 / _SAFE_MAGNITUDE:
        return 1.0
    return float(2.0 ** np.frexp(magnitude)[1])


def _chunk_scale(y: np.ndarray) -> float:
    """:func:`_pow2_scale` of the largest ``|y|`` of a chunk."""
    if y.size == 0:
        return 1.0
    return _pow2_scale(max(float(y.max()), -float(y.min())))


def _robust_norms(y: np.ndarray) -> np.ndarray:
    """Row L2 norms in float64; rows whose squares overflow or underflow are rescaled."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        norms = np.sqrt(np.einsum("ij,ij->i", y, y, dtype=np.float64))
        odd = np.flatnonzero(~((norms > 1e-140) & (norms < 1e140)))
        if odd.size:
            rows = np.asarray(y[odd], dtype=np.float64)
            top = np.max(np.abs(rows), axis=1, keepdims=True)
            top[top == 0] = 1
            norms[odd] = np.linalg.norm(rows / top, axis=1) * top[:, 0]
    return norms


def _normalize_rows(y: np.ndarray) -> None:
    """L2-normalize rows in place; zero rows stay zero (as sklearn's ``normalize``).

    Norms are computed in ``y``'s dtype; rows whose squares may overflow or lose digits
    to underflow there (norm outside ``[1e-15, 1e18]``) are redone in float64 with
    :func:`_robust_norms`, so rows of 1e19 in float32 or of 1e-30 keep their direction.
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        norms = np.sqrt(np.einsum("ij,ij->i", y, y))
    odd = np.flatnonzero(~((norms > 1e-15) & (norms < 1e18)))
    norms[odd] = 1
    y /= norms[:, None]
    if odd.size:
        rows = np.asarray(y[odd], dtype=np.float64)
        exact = _robust_norms(rows)
        exact[exact == 0] = 1
        y[odd] = rows / exact[:, None]


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


def _scaled_gram(y: np.ndarray, product) -> tuple[np.ndarray, float]:
    """``product(y)`` (a float32/64 Gram-like product), rescaled if it over/underflowed.

    ``product`` is quadratic in ``y`` (``y.T @ y``). When its result is not finite, or
    its largest diagonal entry is below ``2**-80`` (the squares lost digits as float32
    subnormals), ``y`` is divided in place by a power of two near its largest
    magnitude and the product is redone and scaled back in float64. Returns the
    product and that power of two (1 when nothing was rescaled).
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        g = product(y)
    diag = np.diagonal(g)
    if np.isfinite(g).all() and (diag.size == 0 or diag.max() >= _TINY_GRAM):
        return g, 1.0
    s = _chunk_scale(y)
    if s == 1.0:
        return g, 1.0
    y *= y.dtype.type(1.0 / s)
    return np.asarray(product(y), dtype=np.float64) * (s * s), s


def _project_pass(data, components, mean, normalize, buf, steps, scale=1.0) -> np.ndarray:
    """Second pass: float32 coordinates ``(x - mean) @ components.T``, chunk by chunk.

    ``scale`` (a power of two, see :func:`_pow2_scale`) divides each chunk before the
    product and multiplies the result after it, so that values near float32's limits
    neither overflow nor lose digits.
    """
    n = data.shape[0]
    work = buf.dtype
    coords = np.empty((n, len(components)), dtype=np.float32)
    mean_w = mean.astype(work)
    # (x - mean_w) is exact-ish in the work dtype; fold mean_w's rounding back in.
    correction = ((mean - mean_w) @ components.T / scale).astype(work)
    weights = np.ascontiguousarray(components.T, dtype=work)
    inverse = work.type(1.0 / scale)
    for start, stop in _ranges(n, len(buf)):
        steps.check()
        y, _ = _load(data, start, stop, buf, normalize, mean_w)
        if scale != 1.0:
            y *= inverse
        block = y @ weights
        block -= correction
        if scale != 1.0:
            with np.errstate(over="ignore"):
                coords[start:stop] = block * scale
        else:
            coords[start:stop] = block
        steps.advance()
    if not np.isfinite(coords).all():
        raise ValueError("the coordinates exceed the float32 range; scale the vectors down")
    return coords
