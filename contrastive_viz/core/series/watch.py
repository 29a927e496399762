"""Following a live run: when is a step file complete, and did a loaded file change?

The app's ``QFileSystemWatcher`` reports that a folder changed; these Qt-free helpers
decide what to do with each file:

* :func:`is_ready` is True only when the file is a regular file with a step name (never
  a hidden or temporary one, see :func:`~contrastive_viz.core.series.is_temporary_name`),
  its :class:`FileIdentity` did not change between two polls (the caller passes the
  previous poll's), and its header says the data is all there:

  - ``.npy``: the header parses and ``size >= header + prod(shape) * itemsize``;
  - ``.npz``: the zip's central directory (written last) is readable;
  - ``.safetensors``: the JSON header parses and every tensor ends within the file;
  - ``.parquet`` (``PAR1``) and Arrow IPC files (``ARROW1``): the closing magic is there;
  - other formats (text, HDF5): the stable size alone.

  A writer that renames a finished temporary file into place (write-then-rename)
  gives a new name that is complete at once; one that writes in place is waited for.
* :func:`has_changed` compares a loaded file's identity with the file now: a step
  replaced (new inode), truncated or rewritten (size, mtime) must be reloaded before
  its memory map is read again (reading a truncated map raises SIGBUS).
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..safe_files import FileRefused, open_regular
from .steps import is_temporary_name

__all__ = ["FileIdentity", "has_changed", "header_complete", "identity", "is_ready"]

_MAX_SAFETENSORS_HEADER = 100 * 2**20


@dataclass(frozen=True)
class FileIdentity:
    """What tells two versions of a file apart: inode, size, modification time (ns)."""

    inode: int
    size: int
    mtime_ns: int


def identity(path: str | os.PathLike[str]) -> FileIdentity:
    """The :class:`FileIdentity` of ``path`` (links followed). Raises OSError if missing."""
    st = os.stat(path)
    return FileIdentity(int(st.st_ino), int(st.st_size), int(st.st_mtime_ns))


def has_changed(path: str | os.PathLike[str], loaded: FileIdentity) -> bool:
    """True when the file is gone or is no longer the version that was loaded."""
    try:
        return identity(path) != loaded
    except OSError:
        return True


def _npy_complete(fp, size: int) -> bool:
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(fp)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(fp)
    need = int(np.prod([int(v) for v in shape], dtype=object)) * dtype.itemsize
    return size >= fp.tell() + need


def _safetensors_complete(fp, size: int) -> bool:
    (length,) = struct.unpack("<Q", fp.read(8))
    if length > min(size - 8, _MAX_SAFETENSORS_HEADER):
        return False
    header = json.loads(fp.read(length))
    ends = [int(v["data_offsets"][1]) for k, v in header.items() if k != "__metadata__"]
    return size >= 8 + length + max(ends, default=0)


def _magic_at_both_ends(fp, size: int, magic: bytes) -> bool:
    if size < 2 * len(magic):
        return False
    head = fp.read(len(magic))
    fp.seek(size - len(magic))
    return head == magic and fp.read(len(magic)) == magic


def header_complete(path: str | os.PathLike[str]) -> bool:
    """Whether the file's own header/footer says all its data is written (module doc).

    False for anything unreadable or malformed; True for formats without such a check.
    """
    suffix = Path(path).suffix.lower()
    try:
        with open_regular(path) as fp:
            size = os.fstat(fp.fileno()).st_size
            if suffix == ".npy":
                return _npy_complete(fp, size)
            if suffix == ".npz":
                with zipfile.ZipFile(fp) as zf:
                    return all(i.header_offset + i.compress_size <= size for i in zf.infolist())
            if suffix == ".safetensors":
                return _safetensors_complete(fp, size)
            if suffix == ".parquet":
                return _magic_at_both_ends(fp, size, b"PAR1")
            if suffix in (".arrow", ".feather", ".ipc"):
                return _magic_at_both_ends(fp, size, b"ARROW1")
            return size > 0
    except (FileRefused, OSError, zipfile.BadZipFile, struct.error):
        return False
    except Exception:  # noqa: BLE001 - a hostile header may raise anything: not ready
        return False


def is_ready(path: str | os.PathLike[str], previous: FileIdentity | None) -> bool:
    """True once ``path`` is a complete step file that did not change since ``previous``.

    Parameters
    ----------
    path : path
    previous : FileIdentity or None
        :func:`identity` of the same path at the previous poll (None at the first
        sight of a file: never ready then).
    """
    if is_temporary_name(Path(path).name) or previous is None:
        return False
    try:
        if identity(path) != previous:
            return False
    except OSError:
        return False
    return header_complete(path)
