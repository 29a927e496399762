"""Files and datasets made from a multi-point selection: CSV, .npy, the selection alone."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace

import numpy as np

from ...core.atomic import atomic_write, atomic_write_text
from ...core.csv_cells import escape_cell
from ...core.dataset_sampling import READ_ROWS
from ...core.embeddings import EmbeddingSet

__all__ = ["export_selection_csv", "export_selection_npy", "selection_subset"]

#: Column of :func:`selection_subset` holding each point's row in the original file.
ROW_COLUMN = "row"


def _check(dataset: EmbeddingSet | None, rows: np.ndarray) -> np.ndarray:
    if dataset is None or not len(rows):
        raise ValueError("Select some points first: there is nothing to export.")
    return np.asarray(rows, dtype=np.int64)


def export_selection_csv(dataset: EmbeddingSet | None, rows, path: str | os.PathLike) -> int:
    """Write ``row`` (the dataset row) and every metadata column of ``rows``; returns the count.

    The label column comes first after ``row``. Text cells go through
    :func:`~contrastive_viz.core.csv_cells.escape_cell` (no spreadsheet formulas); the
    file is written atomically (:func:`~contrastive_viz.core.atomic.atomic_write_text`).

    Raises
    ------
    ValueError
        When nothing is selected.
    OSError
        When the file cannot be written.
    """
    rows = _check(dataset, rows)
    cols = list(dataset.metadata)
    if dataset.label_column in cols:
        cols.remove(dataset.label_column)
        cols.insert(0, dataset.label_column)
    if dataset.labels is not None and dataset.label_column is None:
        cols.insert(0, "label")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([escape_cell(c) for c in [ROW_COLUMN, *cols]])
    for i in rows.tolist():
        values = [
            dataset.labels[i] if c == "label" and c not in dataset.metadata else
            dataset.metadata[c][i] for c in cols
        ]  # fmt: skip
        writer.writerow([i, *(escape_cell(v) for v in values)])
    atomic_write_text(path, out.getvalue())
    return int(rows.size)


def _gather(vectors, rows: np.ndarray) -> np.ndarray:
    """Rows (sorted) of a possibly memory-mapped array, read in chunks, dtype kept."""
    out = np.empty((rows.size, vectors.shape[1]), dtype=vectors.dtype)
    for start in range(0, rows.size, READ_ROWS):
        out[start : start + READ_ROWS] = vectors[rows[start : start + READ_ROWS]]
    return out


def export_selection_npy(dataset: EmbeddingSet | None, rows, path: str | os.PathLike) -> int:
    """Write the selected vectors (in row order, their dtype kept) as ``.npy``; returns the count.

    Raises
    ------
    ValueError
        When nothing is selected.
    OSError
        When the file cannot be written.
    """
    rows = _check(dataset, rows)
    x = _gather(dataset.vectors, np.sort(rows))
    atomic_write(path, lambda fh: np.save(fh, x, allow_pickle=False))
    return int(rows.size)


def selection_subset(dataset: EmbeddingSet, rows) -> EmbeddingSet:
    """The selected rows as a dataset of their own, with a ``row`` column of their old rows.

    Its path keeps the folder and suffix, its name says it is a selection
    (``"data [selection of 532].npy"``).
    """
    rows = np.sort(_check(dataset, rows))
    idx = rows.tolist()
    meta = {k: [v[i] for i in idx] for k, v in dataset.metadata.items()}
    meta[ROW_COLUMN if ROW_COLUMN not in meta else f"{ROW_COLUMN} (original)"] = [
        str(i) for i in idx
    ]
    labels = None if dataset.labels is None else [dataset.labels[i] for i in idx]
    vectors = _gather(dataset.vectors, rows)
    vectors.setflags(write=False)
    p = dataset.path
    name = f"{p.stem} [selection of {len(idx):,}]{p.suffix}"
    return replace(
        dataset,
        vectors=vectors,
        labels=labels,
        metadata=meta,
        path=p.with_name(name),
        norms=np.asarray(dataset.norms)[rows],
        dropped=0,
    )
