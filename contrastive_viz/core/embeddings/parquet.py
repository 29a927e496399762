"""``.parquet`` files (needs pyarrow, imported only when such a file is loaded)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .dataset import _err, _Progress, _Raw
from .textcells import LABEL_NAMES

_VECTOR_NAMES = ("embeddings", "embedding", "vectors", "vector", "x")  # parquet columns


def _load_parquet(path: Path, tick: _Progress) -> _Raw:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise _err(
            path,
            "reading .parquet needs pyarrow; install the parquet extra: "
            "pip install 'contrastive-viz[parquet]'",
        ) from None
    try:
        pf = pq.ParquetFile(path)
        groups = []
        for i in range(pf.num_row_groups):
            groups.append(pf.read_row_group(i))
            tick((i + 1) / pf.num_row_groups * 0.8)
        table = pa.concat_tables(groups) if groups else pf.schema_arrow.empty_table()
    except (pa.ArrowException, OSError) as exc:
        raise _err(path, f"not a readable Parquet file ({exc})") from None
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
    values = arr.flatten().to_numpy(zero_copy_only=False)
    return values.reshape(n, d)
