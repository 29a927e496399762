"""Opening an embedding file in the explorer, asking which array holds the vectors.

A ``.safetensors`` file with several 2-D float tensors, or an HDF5 file with several 2-D
datasets, gets a small dialog (:class:`~..views.choose_dataset_dialog.ChooseDatasetDialog`)
that lists them; the choice is passed to the loader as ``key=``. Files with one
candidate, other formats and folders open directly.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from ...core.embeddings import SUPPORTED_SUFFIXES, EmbeddingFileError, vector_candidates
from ..views.choose_dataset_dialog import ChooseDatasetDialog

__all__ = ["EMBEDDING_FILTER", "default_key", "open_embeddings"]

#: File › Open Embeddings' filter: every format the loader reads.
EMBEDDING_FILTER = (
    "Embeddings (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + ");;All files (*)"
)

_NAMES = ("embeddings", "vectors", "x")


def default_key(names) -> str | None:
    """The name the loader would pick on its own (embeddings/vectors/X), or None."""
    for want in _NAMES:
        for name in names:
            if name.rsplit("/", 1)[-1].lower() == want:
                return name
    return None


def open_embeddings(explorer, path: str | os.PathLike, parent: QWidget | None = None):
    """Open ``path`` with ``explorer`` (an ExplorerController), asking for the array.

    Parameters
    ----------
    explorer : ExplorerController
    path : str or PathLike
    parent : QWidget, optional
        Parent of the dialog; None means "not interactive": no dialog, the loader
        chooses (or says that it cannot).

    Returns
    -------
    Job or None
        The load job, or None when the user cancelled the choice.
    """
    path = Path(path)
    key = None
    if parent is not None:
        try:
            found = vector_candidates(path)
        except EmbeddingFileError:
            found = {}  # the loader reports the problem, as for any file
        if len(found) > 1:
            dialog = ChooseDatasetDialog(path.name, found, default_key(found), parent)
            if dialog.exec() != QDialog.Accepted or dialog.chosen() is None:
                return None
            key = dialog.chosen()
    return explorer.open(path, key=key)
