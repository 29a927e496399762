"""Load embedding files into an :class:`EmbeddingSet` (pure numpy: no Qt, no pandas).

Supported files: ``.npy``, ``.npz``, ``.csv``, ``.tsv``, ``.txt``, ``.parquet`` (needs
pyarrow), and the TensorFlow Embedding Projector pair ``vectors.tsv`` + ``metadata.tsv``.

Memory and speed:

* A float32, C-order ``.npy`` is memory-mapped read-only and never read whole into
  RAM; one chunked pass computes the row norms and finds invalid rows.
* Other ``.npy`` dtypes and Fortran order are converted to float32 in the same pass.
* Text is parsed in blocks by numpy's C parser (see :mod:`.text`).

Every problem with a file raises :class:`EmbeddingFileError` whose message starts with
the file name. Rows are numbered from 1; text files also give the line number, which
counts from 1 as in a text editor.

Modules: one loader per format (:mod:`.npy`, :mod:`.npz`, :mod:`.text`,
:mod:`.parquet`), :mod:`.metadata` (Embedding Projector metadata files, and the
``vectors.tsv`` + ``metadata.tsv`` pair), :mod:`.validation` (shape checks, row
norms, invalid rows) and :mod:`.dataset` (:class:`EmbeddingSet`, the errors).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..safe_files import FileRefused
from .arrow import _load_arrow
from .dataset import (
    EmbeddingFileError,
    EmbeddingSet,
    InvalidRowsError,
    LoadCancelled,
    _err,
    _Progress,
)
from .hdf5 import _load_hdf5, hdf5_candidates
from .hf_datasets import _load_hf_dataset, is_hf_dataset
from .metadata import _merge_metadata, _sibling_metadata
from .npy import _load_npy
from .npz import _load_npz
from .parquet import _load_parquet
from .safetensors_file import _load_safetensors, _refuse_pickle, safetensors_candidates
from .text import _load_text
from .validation import _check_readable, _check_shape, _invalid_message, _scan

__all__ = [
    "EmbeddingFileError",
    "EmbeddingSet",
    "InvalidRowsError",
    "LoadCancelled",
    "hdf5_candidates",
    "load_embeddings",
    "safetensors_candidates",
    "vector_candidates",
]

SUPPORTED_SUFFIXES = (
    ".npy", ".npz", ".csv", ".tsv", ".txt", ".parquet", ".safetensors", ".h5", ".hdf5",
    ".arrow", ".feather", ".ipc",
)  # fmt: skip

_LOADERS = {
    ".npy": _load_npy,
    ".npz": _load_npz,
    ".csv": _load_text,
    ".tsv": _load_text,
    ".txt": _load_text,
    ".parquet": _load_parquet,
    ".safetensors": _load_safetensors,
    ".h5": _load_hdf5,
    ".hdf5": _load_hdf5,
    ".arrow": _load_arrow,
    ".feather": _load_arrow,
    ".ipc": _load_arrow,
    ".pt": _refuse_pickle,
    ".pth": _refuse_pickle,
    ".bin": _refuse_pickle,
}
_KEYED = (".safetensors", ".h5", ".hdf5")  # formats where ``key`` chooses the vectors


def load_embeddings(
    path: str | os.PathLike[str],
    metadata: str | os.PathLike[str] | None = None,
    drop_invalid: bool = False,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    key: str | None = None,
) -> EmbeddingSet:
    """Load an embedding file and validate every row.

    Parameters
    ----------
    path : str or PathLike
        ``.npy``, ``.npz``, ``.csv``, ``.tsv``, ``.txt`` or ``.parquet``.

        * ``.npy``: a 2-D numeric array; float32 C order is memory-mapped, other
          dtypes are converted to float32. Pickles and object arrays are refused
          and never unpickled.
        * ``.npz``: vectors from ``embeddings``, ``vectors`` or ``X``, else the only
          2-D array; labels from ``labels`` or ``y``.
        * ``.csv`` (commas), ``.tsv`` (tabs), ``.txt`` (tab, comma or whitespace,
          guessed from the first lines). Row 1 is a header when one of its cells is
          text above a number in row 2, or is label/labels/class/category, or when it
          is pandas' default names 0, 1, 2, ... above non-integers; a header holds no
          numbers other than 0, 1, 2, ... in order. The label column is the header
          column named label, labels, class or category (any case), else the first
          column when its cells are text. With a header, every column that is text on
          its first data row is kept as metadata (and may hold no numbers). Any other
          non-numeric cell is an error. Empty lines are allowed at the end only.
          Details: ``contrastive_viz.core.embeddings.text``.
        * ``.parquet`` (needs pyarrow): vectors from a list column (named
          embedding(s)/vector(s)/X, or the only one), else from all numeric columns;
          the other columns become metadata.
    metadata : str or PathLike, optional
        An Embedding Projector metadata file, one row per vector, for any format (tab
        separated, or commas for ``.csv``; one column without a header, or several with
        a header row). Its columns are added to ``metadata`` and its label column (named
        label/labels/class/category, else the first with 2 to n/2 distinct values,
        else the first) becomes the label. When None and
        ``path`` is ``*vectors*.tsv``, the sibling with vectors -> metadata in its name,
        else ``metadata.tsv`` beside it, is used if it exists.
    drop_invalid : bool
        Remove rows that hold NaN/Inf or are all zeros (counted in ``dropped``)
        instead of raising. Removing rows from a memory-mapped file copies the
        remaining vectors into RAM.
    progress : callable(float), optional
        Called now and then from the calling thread with the fraction done, in [0, 1].
    cancelled : callable() -> bool, optional
        Polled as often as ``progress``; when it returns True, :class:`LoadCancelled`
        is raised.
    key : str, optional
        Which tensor (``.safetensors``) or dataset path (``.h5``) holds the vectors; by
        default the one named embeddings/vectors/X, else the only 2-D one.
        :func:`safetensors_candidates` lists the choices of a ``.safetensors`` file.

    Returns
    -------
    EmbeddingSet

    Raises
    ------
    EmbeddingFileError
        The file is missing, empty, truncated, of an unknown type, not UTF-8 text,
        malformed (ragged rows, non-numeric cells), a pickle, not 2-D, smaller than
        2 × 2, has invalid rows (unless ``drop_invalid``), or its metadata row count
        differs.
    LoadCancelled
        ``cancelled()`` returned True.
    """
    path = Path(path)
    report = _Progress(progress, cancelled)
    report(0.0)
    suffix = path.suffix.lower()
    if is_hf_dataset(path):
        return _finish(path, _load_hf_dataset(path, report.span(0.0, 0.85)), 0.85, report,
                       metadata, drop_invalid)  # fmt: skip
    if suffix not in _LOADERS:
        raise _err(
            path,
            f"unsupported file type {suffix or '(no extension)'!r}; supported: "
            + ", ".join(SUPPORTED_SUFFIXES),
        )
    _check_readable(path)
    load_share = 0.0 if suffix == ".npy" else 0.85
    if key is not None and suffix not in _KEYED:
        raise _err(path, f"key={key!r} applies to {', '.join(_KEYED)} files only")
    extra = {"key": key} if suffix in _KEYED else {}
    try:
        raw = _LOADERS[suffix](path, report.span(0.0, load_share), **extra)
    except FileRefused as exc:  # the file changed after the check, or memory ran short
        raise _err(path, str(exc)) from None
    return _finish(path, raw, load_share, report, metadata, drop_invalid)


def vector_candidates(path: str | os.PathLike[str]) -> dict[str, tuple[tuple[int, ...], str]]:
    """The arrays a ``.safetensors`` or HDF5 file offers as vectors, for ``key=``.

    Returns
    -------
    dict
        ``{name: (shape, dtype)}`` of every 2-D float tensor (``.safetensors``) or 2-D
        numeric dataset (``.h5``, ``.hdf5``), in file order; ``{}`` for other formats.

    Raises
    ------
    EmbeddingFileError
        The file is refused or unreadable (the message starts with its name).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _KEYED or path.is_dir():
        return {}
    _check_readable(path)
    try:
        if suffix == ".safetensors":
            return safetensors_candidates(path)
        return hdf5_candidates(path)
    except FileRefused as exc:
        raise _err(path, str(exc)) from None


def _finish(path, raw, load_share, report, metadata, drop_invalid) -> EmbeddingSet:
    """Shape checks, metadata, the validation scan and invalid rows, for every format."""
    _check_shape(path, raw.array.shape)
    meta_path = Path(metadata) if metadata is not None else _sibling_metadata(path)
    if meta_path is not None:
        _merge_metadata(raw, meta_path, path)
    vectors, norms, nonfinite, zero = _scan(raw.array, report.span(load_share, 1.0))
    columns, images = raw.columns, raw.images
    dropped = 0
    bad = nonfinite | zero
    if bad.any():
        if not drop_invalid:
            message = str(_err(path, _invalid_message(nonfinite, zero, raw.first_line)))
            raise InvalidRowsError(message, int(bad.sum()))
        keep = ~bad
        dropped = int(bad.sum())
        vectors, norms = np.asarray(vectors)[keep], norms[keep]
        flags = keep.tolist()
        columns = {k: list(itertools.compress(v, flags)) for k, v in columns.items()}
        images = images[keep] if images is not None else None
        if vectors.shape[0] < 2:
            raise _err(path, f"only {vectors.shape[0]} valid row(s) left after dropping {dropped}")
    if not isinstance(vectors, np.memmap):
        vectors.flags.writeable = False
    norms.flags.writeable = False
    labels = columns[raw.label] if raw.label is not None else None
    return EmbeddingSet(vectors, labels, columns, raw.label, path, norms, dropped, images)
