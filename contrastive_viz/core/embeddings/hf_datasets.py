"""A Hugging Face ``datasets`` folder written by ``Dataset.save_to_disk``.

Such a folder holds ``state.json`` (which lists the data files), ``dataset_info.json``
and one or more ``data-XXXXX-of-YYYYY.arrow`` files, which are Arrow IPC *streams*.
Only the files that ``state.json`` names are read, and only inside the folder. A list or
fixed-size-list column of floats becomes the vectors; the other columns become metadata
(:mod:`.arrowtable`). A ``DatasetDict`` folder (``dataset_dict.json``, one folder per
split) is refused with the names of its splits.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..safe_files import FileRefused, read_capped, regular_file
from .arrow import read_ipc_table
from .arrowtable import missing_pyarrow, table_to_raw
from .dataset import _err, _Progress, _Raw

_STATE_BYTES = 4 * 2**20


def is_hf_dataset(path: Path) -> bool:
    """Whether ``path`` is a folder saved by ``datasets`` (a Dataset or a DatasetDict)."""
    return path.is_dir() and any(
        (path / name).is_file() for name in ("state.json", "dataset_dict.json")
    )


def _json(path: Path, folder: Path):
    try:
        return json.loads(read_capped(path, _STATE_BYTES).decode("utf-8"))
    except FileRefused as exc:
        raise _err(folder, f"{path.name}: {exc}") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _err(folder, f"{path.name} is not valid JSON ({str(exc)[:120]})") from None


def _data_files(folder: Path) -> list[Path]:
    state = _json(folder / "state.json", folder)
    entries = state.get("_data_files") if isinstance(state, dict) else None
    if not isinstance(entries, list) or not entries:
        raise _err(folder, "state.json lists no data files ('_data_files')")
    files = []
    for entry in entries:
        name = entry.get("filename") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
            raise _err(folder, f"state.json names {str(name)[:80]!r}, not a file in the folder")
        try:
            real = regular_file(folder / name)
        except FileRefused as exc:
            raise _err(folder, f"{name}: {exc}") from None
        if real.parent != folder.resolve():
            raise _err(folder, f"{name} leads outside the folder; refused")
        files.append(real)
    return files


def _load_hf_dataset(path: Path, tick: _Progress) -> _Raw:
    if (path / "dataset_dict.json").is_file() and not (path / "state.json").is_file():
        splits = _json(path / "dataset_dict.json", path)
        names = splits.get("splits") if isinstance(splits, dict) else None
        listing = ", ".join(map(str, names)) if isinstance(names, list) else "its sub-folders"
        raise _err(path, f"is a DatasetDict; open one split's folder instead ({listing})")
    try:
        import pyarrow as pa
    except ImportError:
        raise missing_pyarrow(path, "Hugging Face datasets folders", "arrow") from None
    files = _data_files(path)
    tables = []
    for i, file in enumerate(files):
        tables.append(read_ipc_table(pa, file))
        tick(0.8 * (i + 1) / len(files))
    try:
        table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    except pa.ArrowException as exc:
        raise _err(path, f"its data files do not share one schema ({exc})") from None
    return table_to_raw(pa, table, path)
