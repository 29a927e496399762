"""Arrow IPC files (``.arrow``, ``.feather`` v2, ``.ipc``) and streams, through pyarrow.

The file is memory-mapped, so float32 list columns are not copied. Both the IPC *file*
format (Feather v2; it starts with ``ARROW1``) and the IPC *stream* format (what
Hugging Face ``datasets`` writes) are read. Columns become vectors and metadata as for
Parquet (:mod:`.arrowtable`).
"""

from __future__ import annotations

import mmap
from pathlib import Path

from ..safe_files import open_regular
from .arrowtable import missing_pyarrow, table_to_raw
from .dataset import _err, _Progress, _Raw

_FILE_MAGIC = b"ARROW1"


def read_ipc_table(pa, path: Path):
    """The whole table of an Arrow IPC file or stream, memory-mapped."""
    import pyarrow.ipc as ipc

    with open_regular(path) as fp:
        head = fp.read(8)
        if head[:4] == b"FEA1":
            raise _err(
                path,
                "is a Feather v1 file, which is not supported; write it again as Feather v2 "
                "(pyarrow.feather.write_feather(table, path), the default)",
            )
        try:  # mapped from the descriptor that was checked, never reopened by path
            mapped = mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # an empty file cannot be mapped
            raise _err(path, f"not a readable Arrow IPC file or stream ({exc})") from None
    try:
        source = pa.BufferReader(pa.py_buffer(mapped))
        if head[:6] == _FILE_MAGIC:
            return ipc.open_file(source).read_all()
        return ipc.open_stream(source).read_all()
    except (pa.ArrowException, OSError) as exc:
        raise _err(path, f"not a readable Arrow IPC file or stream ({exc})") from None


def _load_arrow(path: Path, tick: _Progress) -> _Raw:
    try:
        import pyarrow as pa
    except ImportError:
        raise missing_pyarrow(path, "Arrow IPC / Feather files", "arrow") from None
    table = read_ipc_table(pa, path)
    tick(0.8)
    return table_to_raw(pa, table, path)
