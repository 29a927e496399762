"""Opening files that cannot hurt: regular files only, hard byte caps, memory checks.

Every file the app opens goes through this module: scenes, embeddings, metadata,
playlists, and any new way of opening files. The rules:

* Links are resolved first; anything that is not then a regular file (a folder, a
  FIFO, a socket, ``/dev/zero`` or another device) is refused. The check is made on
  the open file descriptor (``fstat``), opened with ``O_NONBLOCK`` so that a FIFO
  cannot block, and so that a file swapped after the check is still caught.
* Small files (scenes, playlists) are read with a hard cap on the bytes actually read,
  never by trusting ``st_size``.
* Before allocating memory for what a file *declares* (an array header, a zip
  directory), the declared size is compared with :func:`available_memory`.

The functions raise :class:`FileRefused` (a ``ValueError``) whose message names the
problem but not the file; callers prefix the file name and re-raise their own error
(``SceneError``, ``EmbeddingFileError``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "FileRefused",
    "available_memory",
    "check_fits",
    "format_bytes",
    "open_regular",
    "read_capped",
    "regular_file",
]

_UNLIMITED = 2**60  # cgroup limits at or above this mean "no limit"
_PIECE = 2**20  # bytes read at a time by read_capped
_PROC = "/proc"  # replaced in tests
_CGROUP_ROOT = "/sys/fs/cgroup"


class FileRefused(ValueError):
    """A file that is refused before or while reading it; the message omits its name."""


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def regular_file(path: str | os.PathLike[str]) -> Path:
    """Resolve links and return the path of the regular file they lead to.

    Raises
    ------
    FileRefused
        The file does not exist, is a broken or looping link, or is not a regular
        file (folder, FIFO, socket, device).
    """
    p = Path(path)
    try:
        real = p.resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        raise FileRefused(f"file not found: it does not exist ({p})") from None
    except RuntimeError:  # a symlink loop on Python < 3.13
        raise FileRefused(f"a symbolic link loop ({p})") from None
    except OSError as exc:
        raise FileRefused(f"cannot read it: {exc.strerror or exc} ({p})") from None
    if not stat.S_ISREG(mode):
        what = _kind(mode)
        via = f" (a link to {real})" if real != p.absolute() else ""
        raise FileRefused(f"{what}{via}, not a file; refused (only regular files are opened)")
    return real


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for binary reading, refusing everything else.

    The file is opened with ``O_NONBLOCK`` (a FIFO cannot block the open) and checked
    with ``fstat`` on the open descriptor, so a file replaced after
    :func:`regular_file` is still refused.

    Returns
    -------
    BinaryIO
        An unbuffered-safe binary file object; close it (use ``with``).
    """
    real = regular_file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise FileRefused(f"cannot open it: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(f"{_kind(mode)}, not a file; refused (only regular files are opened)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read a whole regular file, refusing it once more than ``max_bytes`` were read.

    The cap applies to the bytes actually read, not to ``st_size``, which a special or
    growing file does not report truthfully.
    """
    parts: list[bytes] = []
    total = 0
    with open_regular(path) as fp:
        try:
            while total <= max_bytes:  # in pieces: read(n) would allocate n bytes at once
                piece = fp.read(min(_PIECE, max_bytes + 1 - total))
                if not piece:
                    break
                parts.append(piece)
                total += len(piece)
        except OSError as exc:
            raise FileRefused(f"cannot read it: {exc.strerror or exc}") from None
    if total > max_bytes:
        raise FileRefused(f"the file is larger than {format_bytes(max_bytes)}; refused")
    return b"".join(parts)


def _read_int(path: str) -> int | None:
    try:
        with open(path, "rb") as fp:
            text = fp.read(64).decode("ascii", "replace").strip()
    except OSError:
        return None
    if text == "max":
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _meminfo_available() -> int | None:
    try:
        with open(os.path.join(_PROC, "meminfo"), "rb") as fp:
            for line in fp.read(65536).decode("ascii", "replace").splitlines():
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_available() -> int | None:
    """``memory.max - memory.current`` of this process's cgroup (v2, else v1)."""
    try:
        with open(os.path.join(_PROC, "self", "cgroup"), "rb") as fp:
            lines = fp.read(65536).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    best: int | None = None
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, rel = parts
        rel = rel.lstrip("/")
        if controllers == "":
            base = os.path.join(_CGROUP_ROOT, rel)
            files = ("memory.max", "memory.current")
        elif "memory" in controllers.split(","):
            base = os.path.join(_CGROUP_ROOT, "memory", rel)
            if not os.path.isdir(base):  # inside a container the path is often "/"
                base = os.path.join(_CGROUP_ROOT, "memory")
            files = ("memory.limit_in_bytes", "memory.usage_in_bytes")
        else:
            continue
        limit = _read_int(os.path.join(base, files[0]))
        used = _read_int(os.path.join(base, files[1]))
        if limit is None or used is None or limit >= _UNLIMITED:
            continue
        free = max(0, limit - used)
        best = free if best is None else min(best, free)
    return best


def available_memory() -> int:
    """Bytes that a load may still allocate.

    The smaller of ``MemAvailable`` (``/proc/meminfo``) and the cgroup's limit minus its
    current use (``memory.max - memory.current`` in cgroup v2, ``limit_in_bytes -
    usage_in_bytes`` in v1). Where neither is known (not Linux), a very large number.
    """
    values = [v for v in (_meminfo_available(), _cgroup_available()) if v is not None]
    return min(values) if values else _UNLIMITED


def format_bytes(n: int) -> str:
    """``n`` bytes in a short human form (``"4.3 GB"``), decimal units."""
    size = float(n)
    for unit in ("bytes", "kB", "MB", "GB", "TB", "PB"):
        if size < 1000 or unit == "PB":
            return f"{int(size):,} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} bytes"  # pragma: no cover


def check_fits(nbytes: int, what: str, advice: str = "") -> None:
    """Refuse to allocate ``nbytes`` when they exceed :func:`available_memory`.

    Parameters
    ----------
    nbytes : int
        The size a file declares, or the memory a load of it needs (a Python int, so
        it cannot overflow).
    what : str
        What needs the memory, for the message (``"the float32 vectors"``).
    advice : str, optional
        A sentence appended to the message (what the user can do instead).
    """
    have = available_memory()
    if nbytes > have:
        tail = f" {advice}" if advice else ""
        raise FileRefused(
            f"{what} would need {format_bytes(nbytes)} of memory but only "
            f"{format_bytes(have)} is available; refused.{tail}"
        )
