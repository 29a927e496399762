"""``.parquet`` files (needs pyarrow, imported only when such a file is loaded)."""

from __future__ import annotations

from pathlib import Path

from ..safe_files import open_regular
from .arrowtable import missing_pyarrow, table_to_raw
from .dataset import _err, _Progress, _Raw
from .validation import _fits


def _load_parquet(path: Path, tick: _Progress) -> _Raw:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_pyarrow(path, ".parquet", "parquet") from None
    try:
        with open_regular(path) as fp:  # read from the descriptor that was checked
            pf = pq.ParquetFile(fp)
            groups = pf.metadata.row_group
            declared = sum(groups(i).total_byte_size for i in range(pf.num_row_groups))
            _fits(path, declared, "the decompressed Parquet data")
            parts = []
            for i in range(pf.num_row_groups):
                parts.append(pf.read_row_group(i))
                tick((i + 1) / pf.num_row_groups * 0.8)
            table = pa.concat_tables(parts) if parts else pf.schema_arrow.empty_table()
    except (pa.ArrowException, OSError) as exc:
        raise _err(path, f"not a readable Parquet file ({exc})") from None
    return table_to_raw(pa, table, path)
