"""Arrow tables (from Parquet, Arrow IPC / Feather v2, Hugging Face datasets) to vectors.

The vectors come from a list or fixed-size-list column of numbers (named
embedding(s)/vector(s)/X, or the only list column), else from all numeric columns; every
other column becomes metadata. The label is the column named label/labels/class/
category, else the first column when it holds text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .dataset import _err, _Raw
from .textcells import LABEL_NAMES
from .validation import MAX_COLUMNS, _fits

_VECTOR_NAMES = ("embeddings", "embedding", "vectors", "vector", "x")  # list columns


def missing_pyarrow(path: Path, what: str, extra: str):
    """The error for a format that needs pyarrow when it is not installed."""
    return _err(
        path,
        f"reading {what} needs pyarrow; install the {extra} extra: "
        f"pip install 'contrastive-viz[{extra}]'",
    )


def table_to_raw(pa, table, path: Path) -> _Raw:
    """Split an Arrow table into float vectors and text metadata (module docstring)."""
    fields = list(table.schema)
    is_list = [
        pa.types.is_list(f.type)
        or pa.types.is_large_list(f.type)
        or pa.types.is_fixed_size_list(f.type)
        for f in fields
    ]
    lists = [f.name for f, flag in zip(fields, is_list, strict=True) if flag]
    named_labels = [f.name for f in fields if f.name.lower() in LABEL_NAMES]
    label = named_labels[0] if named_labels else None
    if label is None and fields and _is_text_type(pa, fields[0].type):
        label = fields[0].name
    vec = next((c for c in lists if c.lower() in _VECTOR_NAMES), None)
    if vec is None and len(lists) > 1:
        raise _err(path, f"several list columns ({', '.join(lists)}); name one 'embedding'")
    vec = vec if vec is not None else (lists[0] if lists else None)
    if vec is not None:
        array, vec_cols = _parquet_list_column(pa, table.column(vec), path, vec), {vec}
    else:
        vec_cols = {
            f.name
            for f in fields
            if (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
            and f.name not in named_labels
            and not f.name.startswith("__index_level_")
        }
        if not vec_cols:
            raise _err(path, "no vector column: expected a list column or numeric columns")
        names = [f.name for f in fields if f.name in vec_cols]
        if len(names) > MAX_COLUMNS:
            raise _err(path, f"has {len(names):,} numeric columns; at most {MAX_COLUMNS:,}")
        _fits(path, table.num_rows * len(names) * 4, "the float32 vectors")
        array = np.empty((table.num_rows, len(names)), dtype=np.float32)
        for j, nm in enumerate(names):
            array[:, j] = table.column(nm).to_numpy(zero_copy_only=False)
    columns = {}
    for f in fields:
        if f.name not in vec_cols:
            values = table.column(f.name).to_pylist()
            columns[f.name] = ["" if v is None else str(v) for v in values]
    return _Raw(array, columns, label)


def _is_text_type(pa, t) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _parquet_list_column(pa, chunked, path: Path, name: str) -> np.ndarray:
    arr = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    n = len(arr)
    if arr.null_count:
        first = int(np.flatnonzero(arr.is_null().to_numpy(zero_copy_only=False))[0])
        raise _err(path, f"column '{name}' has no vector (null) at row {first + 1} (1-based)")
    if not (pa.types.is_integer(arr.type.value_type) or pa.types.is_floating(arr.type.value_type)):
        raise _err(path, f"column '{name}' holds {arr.type.value_type}, not numbers")
    if pa.types.is_fixed_size_list(arr.type):
        d = arr.type.list_size
    else:
        lengths = arr.value_lengths().to_numpy(zero_copy_only=False)
        d = int(lengths[0]) if n else 0
        ragged = np.flatnonzero(lengths != d)
        if ragged.size:
            r = int(ragged[0])
            raise _err(
                path,
                f"column '{name}': row {r + 1} (1-based) has {lengths[r]} values but row 1 has {d}",
            )
    if d > MAX_COLUMNS:
        raise _err(path, f"column '{name}' has {d:,} values a row; at most {MAX_COLUMNS:,}")
    flat = arr.flatten()
    if flat.null_count:
        raise _err(path, f"column '{name}' has missing (null) values inside its vectors")
    if not (pa.types.is_float32(flat.type)):
        _fits(path, 2 * n * d * 8, f"column '{name}' as numbers")
    values = flat.to_numpy(zero_copy_only=False)
    return values.reshape(n, d)
