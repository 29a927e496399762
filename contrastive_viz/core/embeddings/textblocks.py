"""Reading a text file in memory-mapped blocks that end on a line break, decoded as UTF-8."""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..safe_files import open_regular
from .textcells import TextParseError

BLOCK_BYTES = 16 * 2**20


def _decode(mm: mmap.mmap, start: int, end: int) -> str:
    if start == 0 and mm[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TextParseError("is UTF-16 text; save it as UTF-8")
    nul = mm.find(b"\x00", start, end)
    if nul >= 0:
        raise TextParseError(f"is a binary file, not text (NUL byte at byte offset {nul}, from 0)")
    try:
        with memoryview(mm) as view, view[start:end] as piece:
            text = str(piece, "utf-8")
    except UnicodeDecodeError as exc:
        raise TextParseError(
            f"is not UTF-8 text (byte 0x{mm[start + exc.start]:02x} at byte offset "
            f"{start + exc.start}, from 0)"
        ) from None
    if start == 0 and text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decoded_blocks(path: Path, tick: Callable[[float], None]) -> Iterator[tuple[str, int]]:
    """Yield ``(text, bytes_read)`` for blocks of the file that end on a line break.

    The file is memory-mapped, so a block is decoded without an extra copy. The first
    block holds at least two lines when the file has them (for header detection).
    ``tick`` gets the fraction of the file read after each block.
    """
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return
        yield from _blocks(f, size, tick)


def _blocks(f, size: int, tick: Callable[[float], None]) -> Iterator[tuple[str, int]]:
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if hasattr(mm, "madvise") and hasattr(mmap, "MADV_SEQUENTIAL"):
            mm.madvise(mmap.MADV_SEQUENTIAL)  # read ahead on a cold file
        start = 0
        while start < size:
            end = min(start + BLOCK_BYTES, size)
            if start == 0:  # make sure the first block holds two lines
                first_nl = mm.find(b"\n")
                second_nl = mm.find(b"\n", first_nl + 1) if first_nl >= 0 else -1
                end = max(end, second_nl + 1)
            if end < size:
                cut = mm.rfind(b"\n", start, end)
                cut = cut if cut >= 0 else mm.find(b"\n", end)  # a line longer than a block
                end = size if cut < 0 else cut + 1
            text = _decode(mm, start, end)
            start = end
            yield text, end
            tick(end / size)
