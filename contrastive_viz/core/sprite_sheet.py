"""TensorFlow Projector sprite sheets, read a band of tiles at a time (Qt-free).

A sprite sheet is one PNG holding every point's picture in a grid, row-major from the
top left, each tile ``single_image_dim`` = (width, height) pixels (a
``projector_config.pbtxt`` names both, as TensorBoard and tensorboardX write it).
Big sets make sheets over 8192 px a side, which Qt refuses to decode (its 256 MB
allocation limit) and which would take w × h × 4 bytes decoded whole (324 MB at 9000²).

So the sheet is never decoded whole. Its compressed stream is inflated as it is read,
one *band* (a row of tiles) at a time; the band's filtered scanlines, after the
previous band's last row stored unfiltered, make a small self-contained PNG that a
``decode`` function the app supplies (Qt's decoder; this module stays Qt-free) turns
into RGBA pixels. Memory: at most :data:`BAND_CACHE` decoded bands, and checkpoints
(inflater state and seed row) worth at most :data:`CHECKPOINT_BUDGET` bytes, from
which a band is reached without inflating the sheet from its start. Supported: 8-bit,
non-interlaced grey, grey+alpha, RGB and RGBA PNGs (what sprite tools write). Any
failure leaves the sheet :attr:`SpriteSheet.error` set and its tiles None (the views
draw a placeholder): never an exception per point.
"""

from __future__ import annotations

import math
import re
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .safe_files import FileRefused, open_regular, read_capped

__all__ = ["BAND_CACHE", "CHECKPOINT_BUDGET", "SpriteSheet", "SpriteSpec", "find_sprite"]

#: Decoded bands kept (least recently used dropped first).
BAND_CACHE = 8
#: Bytes of checkpoints kept at most (a checkpoint every few bands when they would exceed it).
CHECKPOINT_BUDGET = 32 * 2**20
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> samples a pixel
_PIECE = 1 << 16
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
Decode = Callable[[bytes], "np.ndarray | None"]


@dataclass(frozen=True)
class SpriteSpec:
    """Where a sprite sheet is and the size of its tiles (width, height in pixels)."""

    image: Path
    tile_w: int
    tile_h: int


def _config_blocks(text: str):
    """(tensor_path, image_path, dims) of each ``embeddings { ... }`` block with a sprite."""
    for block in re.split(r"\bembeddings\s*\{", text)[1:]:
        image = re.search(r'image_path\s*:\s*"([^"]*)"', block)
        dims = [int(v) for v in re.findall(r"single_image_dim\s*:\s*(\d+)", block)]
        tensor = re.search(r'tensor_path\s*:\s*"([^"]*)"', block)
        if image and len(dims) >= 2:
            yield (tensor.group(1) if tensor else None), image.group(1), dims[:2]


def find_sprite(path: Path, n: int) -> SpriteSpec | None:
    """The sprite sheet of the embedding file ``path`` (``n`` rows), or None.

    A ``projector_config.pbtxt`` in the file's folder or up to two above, with an
    ``embeddings`` block whose ``tensor_path`` is this file (or the config's only
    block) and a ``sprite``; else a square ``sprite.png`` beside the file whose side
    divides into ⌈√n⌉ tiles (the Projector's layout).
    """
    path = Path(path)
    for folder in list(path.parents)[:3]:
        config = folder / "projector_config.pbtxt"
        try:
            text = read_capped(config, 2**20).decode("utf-8", "replace")
        except (FileRefused, OSError):
            continue
        blocks = list(_config_blocks(text))
        for tensor, image, (w, h) in blocks:
            same = tensor is not None and (folder / tensor).resolve() == path.resolve()
            if (same or (tensor is None and len(blocks) == 1)) and w > 0 and h > 0:
                return SpriteSpec(folder / image, w, h)
    beside = path.parent / "sprite.png"
    try:
        with open_regular(beside) as fp:
            head = fp.read(24)
    except (FileRefused, OSError):
        return None
    if len(head) < 24 or head[:8] != _SIGNATURE:
        return None
    w, h = struct.unpack(">II", head[16:24])
    side = math.ceil(math.sqrt(max(n, 1)))
    if w != h or w % side:
        return None
    return SpriteSpec(beside, w // side, w // side)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


class SpriteSheet:
    """Tiles of a sprite sheet, decoded a band at a time (thread-safe).

    Parameters
    ----------
    spec : SpriteSpec
    n : int
        Points: tile ``i`` is at grid row ``i // cols``, column ``i % cols``.
    decode : callable
        ``decode(png_bytes)`` → uint8 (h, w, 4) RGBA array, or None if it cannot.

    Attributes
    ----------
    width, height, cols, bands : int
        The sheet's size, tiles a row, and rows of tiles used.
    error : str
        Why no tile can be read ("" while none went wrong).
    """

    def __init__(self, spec: SpriteSpec, n: int, decode: Decode):
        self.spec, self.n, self._decode = spec, int(n), decode
        self.error = ""
        self.width = self.height = self.cols = self.bands = 0
        self._idat: list[tuple[int, int]] = []
        self._bands: OrderedDict[int, np.ndarray] = OrderedDict()
        self._checkpoints: dict[int, tuple] = {}
        self._lock = threading.Lock()
        try:
            self._read_header()
        except (FileRefused, OSError, ValueError, struct.error) as exc:
            self.error = f"sprite sheet {spec.image.name}: {exc}"

    def _read_header(self) -> None:
        with open_regular(self.spec.image) as fp:
            if fp.read(8) != _SIGNATURE:
                raise ValueError("not a PNG file")
            offset, header = 8, None
            while True:
                head = fp.read(8)
                if len(head) < 8:
                    break
                length, kind = struct.unpack(">I4s", head)
                if kind == b"IHDR":
                    header = fp.read(13)
                    fp.seek(length - 13 + 4, 1)
                else:
                    if kind == b"IDAT":
                        self._idat.append((offset + 8, length))
                    fp.seek(length + 4, 1)
                offset += 12 + length
                if kind == b"IEND":
                    break
        if header is None or not self._idat:
            raise ValueError("the PNG has no header or no image data")
        w, h, depth, ctype, _comp, _filt, interlace = struct.unpack(">IIBBBBB", header)
        if depth != 8 or ctype not in _CHANNELS or interlace:
            raise ValueError(
                "only 8-bit non-interlaced grey, grey+alpha, RGB or RGBA PNGs are read "
                f"(bit depth {depth}, colour type {ctype}, interlace {interlace})"
            )
        tw, th = self.spec.tile_w, self.spec.tile_h
        self.width, self.height, self._ctype = w, h, ctype
        self.cols = w // tw if tw <= w else 0
        self.bands = math.ceil(self.n / self.cols) if self.cols else 0
        if not self.cols or self.bands * th > h:
            raise ValueError(f"{self.n:,} tiles of {tw}×{th} do not fit a {w}×{h} sheet")
        self._bpp = _CHANNELS[ctype]
        per = w * self._bpp + 160_000  # seed row + inflater state (window and tables)
        self._step = max(1, math.ceil(self.bands * per / CHECKPOINT_BUDGET))
        self._checkpoints[0] = (zlib.decompressobj(), (0, 0), b"", None)

    # ------------------------------------------------------------------ tiles
    def tile(self, index: int) -> np.ndarray | None:
        """uint8 (tile_h, tile_w, 4) RGBA of point ``index``, or None (no sheet, bad sheet)."""
        if self.error or not 0 <= index < self.n:
            return None
        band = self.band(index // self.cols)
        if band is None:
            return None
        c = (index % self.cols) * self.spec.tile_w
        return band[:, c : c + self.spec.tile_w]

    def band(self, k: int) -> np.ndarray | None:
        """Decoded RGBA pixels of band ``k`` (its tile rows), or None on failure."""
        with self._lock:
            if k in self._bands:
                self._bands.move_to_end(k)
                return self._bands[k]
            if self.error or not 0 <= k < self.bands:
                return None
            try:
                return self._decode_from(max(j for j in self._checkpoints if j <= k), k)
            except (FileRefused, OSError, ValueError, zlib.error) as exc:
                self.error = f"sprite sheet {self.spec.image.name}: {exc}"
                self._bands.clear()
                return None

    def read_all(self, progress=None, cancelled=None) -> None:
        """Decode every band once, leaving checkpoints (run it in the background)."""
        for k in range(0, self.bands, self._step):
            if cancelled is not None and cancelled():
                return
            self.band(k)
            if progress is not None:
                progress((k + 1) / self.bands, "Reading the sprite sheet…")

    def _decode_from(self, j: int, k: int) -> np.ndarray:
        inflater, pos, tail, seed = self._checkpoints[j]
        inflater = inflater.copy()
        w, th, bpp = self.width, self.spec.tile_h, self._bpp
        row = 1 + w * bpp
        with open_regular(self.spec.image) as fp:
            for b in range(j, k + 1):
                if b % self._step == 0 and b not in self._checkpoints:
                    self._checkpoints[b] = (inflater.copy(), pos, tail, seed)
                rows = min(th, self.height - b * th)
                need, parts, got = rows * row, [], 0
                while got < need:
                    ended = False
                    if not tail:
                        tail, pos = self._read_idat(fp, pos)
                        ended = not tail
                    out = inflater.decompress(tail, need - got)
                    tail = inflater.unconsumed_tail
                    if not out and ended:
                        raise ValueError("the image data ends early")
                    parts.append(out)
                    got += len(out)
                pixels = self._decode_band(b"".join(parts), rows, seed)
                seed = self._seed(pixels[-1])
                self._bands[b] = pixels[:, : self.cols * self.spec.tile_w]
                while len(self._bands) > BAND_CACHE:
                    self._bands.popitem(last=False)
        return self._bands[k]

    def _read_idat(self, fp, pos: tuple[int, int]) -> tuple[bytes, tuple[int, int]]:
        chunk, inside = pos
        while chunk < len(self._idat) and inside >= self._idat[chunk][1]:
            chunk, inside = chunk + 1, 0
        if chunk >= len(self._idat):
            return b"", pos
        start, length = self._idat[chunk]
        fp.seek(start + inside)
        data = fp.read(min(_PIECE, length - inside))
        return data, (chunk, inside + len(data))

    def _decode_band(self, filtered: bytes, rows: int, seed: bytes | None) -> np.ndarray:
        first = b"" if seed is None else b"\x00" + seed
        h = rows + (seed is not None)
        header = struct.pack(">IIBBBBB", self.width, h, 8, self._ctype, 0, 0, 0)
        data = zlib.compress(first + filtered, 0)  # stored: fast; Qt inflates it at once
        png = _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
        pixels = self._decode(png)
        if pixels is None or pixels.shape != (h, self.width, 4):
            raise ValueError("a band of the sheet could not be decoded")
        return pixels[1:] if seed is not None else pixels

    def _seed(self, rgba_row: np.ndarray) -> bytes:
        """The row's samples as the PNG stores them (the next band's unfiltered first row)."""
        pick = {0: [0], 2: [0, 1, 2], 4: [0, 3], 6: [0, 1, 2, 3]}[self._ctype]
        return np.ascontiguousarray(rgba_row[:, pick]).tobytes()
