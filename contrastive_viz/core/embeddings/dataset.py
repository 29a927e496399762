"""What loading gives (:class:`EmbeddingSet`), the errors, and what loaders share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


class EmbeddingFileError(ValueError):
    """A file cannot be loaded as embeddings; the message names the file and the problem."""


class InvalidRowsError(EmbeddingFileError):
    """Rows with NaN/Inf or all zeros; ``load_embeddings(..., drop_invalid=True)`` drops them.

    Attributes
    ----------
    count : int
        How many rows are invalid.
    """

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


class LoadCancelled(Exception):
    """Raised by :func:`load_embeddings` when its ``cancelled`` callback returns True."""


@dataclass(frozen=True, eq=False)
class EmbeddingSet:
    """Vectors loaded from a file, with their labels and metadata.

    Attributes
    ----------
    vectors : np.ndarray
        float32, shape (n, d), read-only. A read-only ``np.memmap`` for a float32
        C-order ``.npy`` (unless ``drop_invalid`` removed rows), else an ndarray.
    labels : list of str or None
        One label per row, or None when the file has no label column.
    metadata : dict of str to list of str
        Every metadata column in file order, the label column included. May be empty.
    label_column : str or None
        The key of the label column in ``metadata``.
    path : Path
        The vectors file.
    norms : np.ndarray
        float32, shape (n,): the L2 norm of each row (all > 0 and finite).
    dropped : int
        How many invalid rows ``drop_invalid=True`` removed.
    images : np.ndarray or None
        One picture per row, (n, h, w), (n, h, w, 3) or (n, h, w, 4) (see
        :mod:`contrastive_viz.core.point_images`); None when the file has none.
    """

    vectors: np.ndarray
    labels: list[str] | None
    metadata: dict[str, list[str]]
    label_column: str | None
    path: Path
    norms: np.ndarray
    dropped: int = 0
    images: np.ndarray | None = None

    @property
    def n(self) -> int:
        """Number of rows (points)."""
        return int(self.vectors.shape[0])

    @property
    def d(self) -> int:
        """Number of dimensions."""
        return int(self.vectors.shape[1])


class _Progress:
    """Maps a sub-range of the work onto [0, 1] for ``progress``; checks ``cancelled``."""

    def __init__(self, progress, cancelled, lo: float = 0.0, hi: float = 1.0):
        self._progress, self._cancelled, self._lo, self._hi = progress, cancelled, lo, hi

    def __call__(self, fraction: float) -> None:
        if self._cancelled is not None and self._cancelled():
            raise LoadCancelled("loading was cancelled")
        if self._progress is not None:
            f = min(max(fraction, 0.0), 1.0)
            self._progress(self._lo + (self._hi - self._lo) * f)

    def span(self, lo: float, hi: float) -> _Progress:
        width = self._hi - self._lo
        return _Progress(
            self._progress, self._cancelled, self._lo + width * lo, self._lo + width * hi
        )


@dataclass
class _Raw:
    """What a format loader found, before conversion and validation."""

    array: np.ndarray
    columns: dict[str, list[str]]
    label: str | None
    first_line: int | None = None  # text files: the line number of row 1
    images: np.ndarray | None = None  # .npz: one picture per row


def _err(path: Path, problem: str) -> EmbeddingFileError:
    return EmbeddingFileError(f"{path.name}: {problem}")
