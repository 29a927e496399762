"""The explorer's file exports: projected coordinates, and the selection's neighbours."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from ...core.atomic import atomic_write_text
from ...core.csv_cells import escape_cell
from ...core.report import write_coordinates
from ..models.explorer import ExplorerModel

__all__ = ["export_coordinates", "export_neighbors_csv"]


def export_coordinates(model: ExplorerModel, path: str | os.PathLike) -> int:
    """Write the shown projected coordinates (2 or 3 columns) with labels; returns the count.

    Raises
    ------
    ValueError
        When nothing is loaded.
    OSError
        When the file cannot be written.
    """
    data = model.data
    if data.projection is None:
        raise ValueError("Open an embedding file first")
    k = 3 if model.settings.dims == 3 else 2
    coords = data.projection.coords[:, :k]
    write_coordinates(Path(path), coords, data.labels)
    return len(coords)


def export_neighbors_csv(model: ExplorerModel, path: str | os.PathLike) -> None:
    """Write the selected point and its neighbours (with metadata) as CSV, atomically.

    Columns: kind, rank, index, label, cosine, mark, then every metadata column but
    the label. The anchor is marked ``anchor``. Text cells go through
    :func:`~...core.csv_cells.escape_cell` (no spreadsheet formulas, lone surrogates
    written as ``\\udXXX``), so the export never fails on a name.

    Raises
    ------
    ValueError
        When no point is selected.
    """
    ds, sel = model.data.dataset, model.selection
    i = sel.selected
    if ds is None or i is None:
        raise ValueError("Select a point first: there is nothing to export.")
    meta = [k for k in ds.metadata if k != model.data.label_column]
    marks = dict(sel.marks)
    if sel.effective_anchor is not None:
        marks[sel.effective_anchor] = "anchor"
    rows = [("selected", 0, i, 1.0)]
    if sel.neighbors is not None:
        rows += [
            ("neighbour", r + 1, int(j), float(s))
            for r, (j, s) in enumerate(zip(*sel.neighbors, strict=True))
        ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [escape_cell(c) for c in ["kind", "rank", "index", "label", "cosine", "mark", *meta]]
    )
    for kind, rank, j, s in rows:
        text = [model.data.label_of(j), marks.get(j, ""), *(ds.metadata[k][j] for k in meta)]
        label, mark, *extra = (escape_cell(c) for c in text)
        writer.writerow([kind, rank, j, label, repr(s), mark, *extra])
    atomic_write_text(path, out.getvalue())
