"""One comparable layout for every step: PCA, then Procrustes rotations chained.

Each step is projected with the app's own exact PCA
(:func:`contrastive_viz.core.projection.pca`, streamed over memory maps in chunks).
PCA axes are defined only up to sign and, for close eigenvalues, rotation, so the
raw layouts of two steps may be flipped or spun. Each step is therefore rotated onto
its neighbour by the orthogonal Procrustes rotation (:func:`procrustes_rotation`,
reflections allowed, no scaling), chained outward from the reference step (the last
by default): step r keeps its PCA coordinates, r+1 is rotated onto r, r+2 onto the
rotated r+1, ..., and likewise r-1, r-2, ... down to 0.

A shared basis (``basis=j``): the PCA fitted on step j gives the coordinates of every
step of the same dimension (:func:`contrastive_viz.core.projection.project`). Those
steps are already in one frame and are NOT rotated, so a drift of the whole cloud
stays visible. Steps of another dimension fall back to their own PCA and are rotated
onto the nearest step already placed, outward from the reference; they are listed in
``AlignedSeries.fallback_steps``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..projection import ProjectionCancelled, pca, project
from .errors import SeriesCancelled, SeriesError, _Span

__all__ = ["AlignedSeries", "align_series", "align_series_detail", "procrustes_rotation"]


def procrustes_rotation(reference: np.ndarray, moving: np.ndarray) -> np.ndarray:
    """The orthogonal matrix that best rotates ``moving`` onto ``reference``.

    R minimises ``||(moving - mean(moving)) R - (reference - mean(reference))||_F``
    over orthogonal matrices (reflections allowed): with ``M = Ac^T Bc = U S V^T``
    (``Ac``, ``Bc`` the centred moving and reference rows), ``R = U V^T``. It equals
    ``scipy.linalg.orthogonal_procrustes(moving_centred, reference_centred)[0]``.
    Computed in float64 in row chunks, so memory-mapped inputs are not copied.

    Parameters
    ----------
    reference, moving : array_like, shape (n, c)

    Returns
    -------
    ndarray of float64, shape (c, c)
    """
    ref = reference if hasattr(reference, "shape") else np.asarray(reference)
    mov = moving if hasattr(moving, "shape") else np.asarray(moving)
    if len(ref.shape) != 2 or ref.shape != mov.shape:
        raise ValueError(f"reference {ref.shape} and moving {mov.shape} must both be (n, c)")
    n, c = ref.shape
    if n < 1:
        raise ValueError("procrustes_rotation needs at least one row")
    sums = np.zeros((2, c))
    cross = np.zeros((c, c))
    rows = max(1, 2**22 // max(c, 1))
    for start in range(0, n, rows):
        a = np.asarray(mov[start : start + rows], dtype=np.float64)
        b = np.asarray(ref[start : start + rows], dtype=np.float64)
        sums[0] += a.sum(axis=0)
        sums[1] += b.sum(axis=0)
        cross += a.T @ b
    mean_a, mean_b = sums / n
    m = cross - n * np.outer(mean_a, mean_b)  # sum of (a - mean_a)^T (b - mean_b)
    if not np.isfinite(m).all():
        raise ValueError("procrustes_rotation: the inputs hold NaN or infinite values")
    u, _, vt = np.linalg.svd(m)
    return u @ vt


@dataclass(frozen=True, eq=False)
class AlignedSeries:
    """Aligned coordinates of every step.

    Attributes
    ----------
    coords : ndarray of float32, shape (steps, n, c)
    basis : str
        ``"per-step"`` or ``"shared:<step index>"``.
    fallback_steps : tuple of int
        Under a shared basis, the steps of another dimension that got their own PCA.
    reference : int
        Index of the reference step (non-negative).
    """

    coords: np.ndarray
    basis: str
    fallback_steps: tuple[int, ...]
    reference: int


def _index(value, count: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{what} must be a step index, got {value!r}")
    i = int(value) + (count if value < 0 else 0)
    if not 0 <= i < count:
        raise ValueError(f"{what} {value} is out of range for {count} steps")
    return i


def _rows(coords: np.ndarray, order) -> np.ndarray:
    return coords if order is None else coords[np.asarray(order)]


def align_series_detail(
    steps: Sequence[np.ndarray],
    n_components: int = 2,
    basis: str | int = "per-step",
    reference: int = -1,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    rows: Sequence[np.ndarray | None] | None = None,
) -> AlignedSeries:
    """Project and align every step (see the module docstring).

    Parameters
    ----------
    steps : sequence of (n_i, d_i) arrays
        Memory-mapped arrays are streamed, never copied. Each step may have its own
        dimension; after ``rows`` all have the same n.
    n_components : int, default 2
        c, usually 2 or 3. A step of dimension below c gets zero axes (``pad``).
    basis : "per-step" or int
        An int j fits PCA on step j and applies it to every step of its dimension.
    reference : int, default -1
        The step that keeps its PCA orientation (negative counts from the end).
    progress, cancelled : callables, optional
        ``progress(fraction)``; ``cancelled()`` polled between chunks
        (:class:`SeriesCancelled`).
    rows : sequence of index arrays or None, optional
        ``rows[i]`` reorders step i's rows to the reference order (from
        :func:`~contrastive_viz.core.series.match_rows`); applied to the projected
        coordinates, so a memory-mapped step is never copied. None: by position.

    Returns
    -------
    AlignedSeries

    Raises
    ------
    SeriesError
        No steps, a bad basis, or a step whose PCA fails (NaN rows, fewer than 2 rows);
        the message names the step by its 1-based number in the series.
    """
    count = len(steps)
    if count == 0:
        raise SeriesError("a series needs at least one step")
    ref = _index(reference, count, "reference")
    shared = None if basis == "per-step" else _index(basis, count, "basis")
    if rows is not None and len(rows) != count:
        raise ValueError(f"rows has {len(rows)} entries for {count} steps")
    orders = list(rows) if rows is not None else [None] * count
    span = _Span(progress, cancelled)
    parts = count + (shared is not None)
    dims = [int(s.shape[1]) for s in steps]
    try:
        fit = {}
        if shared is not None:
            fit[shared] = _pca(steps[shared], n_components, span.part(0, parts), shared)
        raw, fallback = [], []
        for i, step in enumerate(steps):
            part = span.part(i + parts - count, parts)
            if shared is None or dims[i] != dims[shared]:
                coords = _pca(step, n_components, part, i).coords
                fallback += [i] if shared is not None else []
            elif i == shared:
                coords = fit[shared].coords
            else:
                coords = _project(step, fit[shared], i)
                part(1.0)
            raw.append(_rows(coords, orders[i]))
    except ProjectionCancelled:
        raise SeriesCancelled("alignment cancelled") from None
    n = raw[0].shape[0]
    for i, coords in enumerate(raw):
        if coords.shape[0] != n:
            raise SeriesError(f"step {i + 1} has {coords.shape[0]:,} rows; step 1 has {n:,}")
    out = np.empty((count, n, raw[0].shape[1]), dtype=np.float32)
    fixed = [shared is not None and i not in fallback for i in range(count)]
    out[ref] = raw[ref]
    for i in [*range(ref + 1, count), *range(ref - 1, -1, -1)]:
        neighbour = i - 1 if i > ref else i + 1
        if fixed[i]:
            out[i] = raw[i]
            continue
        target = out[neighbour]
        r = procrustes_rotation(target, raw[i])
        shift = target.mean(axis=0, dtype=np.float64) - raw[i].mean(axis=0, dtype=np.float64) @ r
        out[i] = raw[i] @ r + shift
    span(1.0)
    label = "per-step" if shared is None else f"shared:{shared}"
    return AlignedSeries(out, label, tuple(fallback), ref)


def _pca(step, n_components: int, part: _Span, i: int):
    try:
        return pca(step, n_components, progress=part, cancelled=part.cancelled, pad=True)
    except ValueError as exc:
        raise SeriesError(f"step {i + 1}: {exc}") from None


def _project(step, fit, i: int) -> np.ndarray:
    try:
        return project(step, fit).astype(np.float32)
    except ValueError as exc:
        raise SeriesError(f"step {i + 1}: {exc}") from None


def align_series(
    steps: Sequence[np.ndarray],
    n_components: int = 2,
    basis: str | int = "per-step",
    reference: int = -1,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    rows: Sequence[np.ndarray | None] | None = None,
) -> np.ndarray:
    """The aligned coordinates, float32 of shape (steps, n, c).

    ``align_series_detail(...).coords``; see :func:`align_series_detail`.
    """
    detail = align_series_detail(
        steps, n_components, basis, reference, progress, cancelled, rows=rows
    )
    return detail.coords
