"""Loading one step through the app's loaders, with messages that name the step.

:func:`load_step` calls :func:`contrastive_viz.core.embeddings.load_embeddings` (the
same loaders and special-file rules as any opened file) and turns every failure,
invalid (NaN, infinite or zero) rows included, into a :class:`SeriesError` that names
the step. A step of at most ``in_memory_below`` bytes is copied into memory, so that a
training run that truncates or rewrites the file in place cannot crash the app with
SIGBUS; a larger one stays memory-mapped and the caller must check
:func:`~contrastive_viz.core.series.watch.has_changed` (``LoadedStep.identity``)
before reading it again.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embeddings import EmbeddingFileError, EmbeddingSet, LoadCancelled, load_embeddings
from .errors import SeriesCancelled, SeriesError
from .steps import StepFile
from .watch import FileIdentity, identity

__all__ = ["IN_MEMORY_BELOW", "LoadedStep", "find_metadata", "load_step"]

#: Steps up to this many bytes are copied into memory by default (64 MB).
IN_MEMORY_BELOW = 64 * 2**20
_METADATA_NAMES = ("metadata.tsv", "metadata.csv", "metadata.txt")


@dataclass(frozen=True, eq=False)
class LoadedStep:
    """A step and what was loaded from it.

    Attributes
    ----------
    step : StepFile
    data : EmbeddingSet
        ``data.vectors`` is a read-only memmap or an in-memory copy.
    identity : FileIdentity
        The file's identity just before it was read.
    in_memory : bool
        The vectors were copied into memory (safe against truncation of the file).
    """

    step: StepFile
    data: EmbeddingSet
    identity: FileIdentity
    in_memory: bool

    @property
    def vectors(self) -> np.ndarray:
        return self.data.vectors


def find_metadata(folder: str | os.PathLike[str]) -> Path | None:
    """A series folder's metadata file (``metadata.tsv``, ``.csv`` or ``.txt``), if any."""
    for name in _METADATA_NAMES:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return None


def load_step(
    step: StepFile,
    metadata: str | os.PathLike[str] | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    key: str | None = None,
    in_memory_below: int = IN_MEMORY_BELOW,
) -> LoadedStep:
    """Load one step with :func:`~contrastive_viz.core.embeddings.load_embeddings`.

    Parameters
    ----------
    step : StepFile
    metadata : path, optional
        A metadata file with one row per vector (see :func:`find_metadata`).
    progress, cancelled : callables, optional
    key : str, optional
        The tensor/dataset of a ``.safetensors`` or HDF5 file.
    in_memory_below : int, default 64 MB
        Copy the vectors into memory when the file is at most this large.

    Raises
    ------
    SeriesError
        ``"step 'epoch_004': epoch_004.npy: rows 3, 9 hold NaN ..."``: the loader's
        message (which names the file) prefixed with the step.
    SeriesCancelled
        ``cancelled()`` returned True.
    """
    try:
        before = identity(step.path)
    except OSError as exc:
        raise SeriesError(f"step '{step.name}': {exc.strerror or exc} ({step.path})") from None
    try:
        data = load_embeddings(step.path, metadata, False, progress, cancelled, key)
    except LoadCancelled:
        raise SeriesCancelled(f"loading step '{step.name}' was cancelled") from None
    except EmbeddingFileError as exc:
        raise SeriesError(f"step '{step.name}': {exc}") from None
    copy = before.size <= in_memory_below and isinstance(data.vectors, np.memmap)
    if copy:
        vectors = np.array(data.vectors)
        vectors.flags.writeable = False
        data = dataclasses.replace(data, vectors=vectors)
    return LoadedStep(step, data, before, copy or not isinstance(data.vectors, np.memmap))
