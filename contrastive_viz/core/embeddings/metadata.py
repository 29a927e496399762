"""Embedding Projector metadata files: found beside ``*vectors*.tsv``, read, merged in.

A metadata file holds one row per vector and may accompany any format (the
``metadata`` argument of ``load_embeddings``); its label column becomes the label:
the column named label/labels/class/category, else the first whose values repeat
(a unique id per row, such as a word, makes a poor label).
"""

from __future__ import annotations

from pathlib import Path

from ..safe_files import FileRefused
from .dataset import _err, _Raw
from .textblocks import decoded_blocks
from .textcells import LABEL_NAMES, WHERE, TextParseError, _unique, csv_rows
from .validation import _check_readable, _fits


def read_metadata(path: Path, n_rows: int) -> tuple[dict[str, list[str]], str]:
    """Read an Embedding Projector metadata file: one row per vector.

    A single-column file has no header (as in the TensorFlow Embedding Projector),
    unless it has exactly ``n_rows + 1`` lines and the first is label/labels/class/
    category. With several columns the first row is the header. Tab separated, or
    comma separated when the name ends in ``.csv``.

    Returns
    -------
    columns : dict of str to list of str
        Every column, in file order.
    label : str
        The column named label/labels/class/category, else the first column whose
        values repeat (:func:`choose_label_column`), else the first column.
    """
    text = "".join(t for t, _ in decoded_blocks(path, lambda _f: None))
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise TextParseError("holds no rows")
    delim = "," if path.suffix.lower() == ".csv" else "\t"
    if delim not in lines[0]:
        if len(lines) == n_rows + 1 and lines[0].strip().lower() in LABEL_NAMES:
            lines = lines[1:]
        bad = next((i for i, ln in enumerate(lines) if delim in ln), None)
        if bad is not None:
            raise TextParseError(
                f"line {bad + 1} has several fields but line 1 has one (a single-column "
                f"metadata file has no header row; {WHERE})"
            )
        return {"label": [ln.strip() for ln in lines]}, "label"
    rows = csv_rows(lines, delim) if delim == "," else None
    rows = rows if rows is not None else [ln.split(delim) for ln in lines]
    header = [c.strip() for c in rows[0]]
    for no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise TextParseError(
                f"line {no} has {len(row)} fields but the header (line 1) has {len(header)} "
                f"({WHERE})"
            )
    used: set[str] = set()
    names = [_unique(h or f"column {i + 1}", used) for i, h in enumerate(header)]
    columns = {name: [r[i].strip() for r in rows[1:]] for i, name in enumerate(names)}
    named = [nm for nm, h in zip(names, header, strict=True) if h.lower() in LABEL_NAMES]
    return columns, named[0] if named else choose_label_column(columns)


def choose_label_column(columns: dict[str, list[str]]) -> str:
    """The column that best labels the rows: the first whose values repeat.

    A column with between 2 and n/2 distinct values (a class, a category) is
    preferred over one that names every row (a word, an id), which would make
    as many classes as rows. With none such, the first column.

    Parameters
    ----------
    columns : dict of str to list of str
        At least one column, all of the same length n.

    Returns
    -------
    str
    """
    names = list(columns)
    for name in names:
        values = columns[name]
        distinct = len(set(values))
        if 2 <= distinct <= len(values) / 2:
            return name
    return names[0]


def _sibling_metadata(path: Path) -> Path | None:
    """``*vectors*.tsv`` -> the same name with vectors -> metadata, else metadata.tsv."""
    name = path.name
    i = name.lower().rfind("vectors")
    if path.suffix.lower() != ".tsv" or i < 0:
        return None
    for cand in (
        path.with_name(name[:i] + "metadata" + name[i + 7 :]),
        path.with_name("metadata.tsv"),
    ):
        if cand.is_file() and cand != path:
            return cand
    return None


def _merge_metadata(raw: _Raw, meta_path: Path, vectors_path: Path) -> None:
    n = raw.array.shape[0]
    real = _check_readable(meta_path)
    # The text, its lines and one Python string per cell: about 4x the file, at most.
    _fits(meta_path, 4 * real.stat().st_size, "reading the metadata")
    try:
        columns, label = read_metadata(meta_path, n)
    except (TextParseError, FileRefused) as exc:
        raise _err(meta_path, str(exc)) from None
    rows = len(next(iter(columns.values())))
    if rows != n:
        raise _err(
            meta_path,
            f"has {rows:,} rows but {vectors_path.name} has {n:,} vectors (a single-column "
            "metadata file has no header row; with several columns line 1 is the header)",
        )
    for name, values in columns.items():
        key = name
        while key in raw.columns:
            key = f"{key} (metadata)"
        raw.columns[key] = values
        if name == label:
            raw.label = key  # the metadata file's label wins over the vectors file's
