"""Atomic file writes: a crash or a full disk never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "atomic_write_text"]


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], None]) -> Path:
    """Write a file through ``write(fileobj)`` and then rename it into place.

    The data goes to a temporary file in the same folder, is flushed and
    fsynced, and only then replaces ``path`` with :func:`os.replace`, which is
    atomic on POSIX and Windows. If ``write`` raises, the temporary file is
    removed and any existing ``path`` is left untouched.

    A new file gets the permissions the umask allows (as ``open`` would give
    it), a replaced file keeps its own, and a symlink is written through (the
    file it points to is replaced, the link stays). Returns the path written.
    """
    target = Path(os.path.realpath(path))  # through a symlink: the link stays a link
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:  # owns fd from here: closed on every path
            try:
                os.fchmod(fh.fileno(), mode)  # mkstemp makes 0600
            except OSError:  # vfat, exFAT, some SMB mounts: the bits are a nicety
                pass
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def _mode_for(target: Path) -> int:
    """The existing file's permission bits, or 0o666 less the process's umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, for a moment, in every thread)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`atomic_write`)."""
    data = text.encode("utf-8")
    return atomic_write(path, lambda fh: fh.write(data))
