"""Each point's picture: an ``images`` array, or a metadata column of image files (Qt-free).

:class:`PointImages` gives, for a point, the bytes of an encoded image and its MIME
type: a PNG made here from a row of the dataset's ``images`` array ((n, h, w) grey,
(n, h, w, 3) RGB or (n, h, w, 4) RGBA, any numeric dtype: scaled to 0–255), or the
bytes of the image file named in an image column (relative to the embedding file, or
absolute; opened with :func:`~.safe_files.read_capped`, so only regular files of at
most :data:`MAX_IMAGE_BYTES`). Images are made when first asked for and kept in a
bounded LRU cache. A missing or unreadable file gives None (the views draw a
placeholder); decoding the file's bytes is left to the views (Qt reads the formats).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections import OrderedDict
from pathlib import Path

import numpy as np

from .safe_files import FileRefused, read_capped
from .sprite_sheet import SpriteSheet, find_sprite

__all__ = [
    "IMAGE_COLUMNS",
    "IMAGE_SUFFIXES",
    "MAX_IMAGE_BYTES",
    "PointImages",
    "image_column",
    "png_bytes",
    "to_rgba",
]

#: Column names taken as image paths, in order of preference (case-insensitive).
IMAGE_COLUMNS = ("image", "image_path", "img", "filename", "file", "path")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
#: An image file larger than this is not read (placeholder instead).
MAX_IMAGE_BYTES = 8 * 2**20
_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".bmp": "image/bmp", ".webp": "image/webp"}  # fmt: skip


def to_rgba(image: np.ndarray) -> np.ndarray:
    """uint8 (h, w, 4) of a grey (h, w), RGB (h, w, 3) or RGBA (h, w, 4) image.

    Non-uint8 values are scaled from their own [min, max] to 0–255 (an all-equal image
    is black); NaN counts as 0. Grey images are drawn dark on light, as ink on paper.
    """
    a = np.asarray(image)
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)):
        raise ValueError(f"an image must be (h, w), (h, w, 3) or (h, w, 4), not {a.shape}")
    if a.dtype != np.uint8:
        f = np.nan_to_num(a.astype(np.float64))
        lo, hi = float(f.min()), float(f.max())
        a = np.round(255 * (f - lo) / (hi - lo)) if hi > lo else np.zeros_like(f)
        a = a.astype(np.uint8)
    out = np.empty((*a.shape[:2], 4), dtype=np.uint8)
    if a.ndim == 2:
        out[..., :3] = (255 - a)[..., None]
        out[..., 3] = 255
    else:
        out[..., : a.shape[2]] = a
        if a.shape[2] == 3:
            out[..., 3] = 255
    return out


def png_bytes(rgba: np.ndarray) -> bytes:
    """A PNG file (8-bit RGBA, no filter) of a uint8 (h, w, 4) array."""
    h, w, _c = rgba.shape
    rows = np.zeros((h, 1 + 4 * w), dtype=np.uint8)
    rows[:, 1:] = np.ascontiguousarray(rgba, dtype=np.uint8).reshape(h, 4 * w)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))  # fmt: skip


def image_column(dataset) -> str | None:
    """The metadata column of image paths of ``dataset`` (by name and suffix), or None."""
    if dataset is None:
        return None
    lower = {name.lower(): name for name in dataset.metadata}
    for name in IMAGE_COLUMNS:
        column = lower.get(name)
        if column is None:
            continue
        first = next((v for v in dataset.metadata[column][:100] if v), "")
        if Path(first).suffix.lower() in IMAGE_SUFFIXES:
            return column
    return None


class PointImages:
    """Lazily made, cached images of the points of one dataset.

    Parameters
    ----------
    dataset : EmbeddingSet
        Its ``images`` array if it has one, else its image column (:func:`image_column`).
    cache_size : int
        How many encoded images are kept (least recently used dropped first).
    decode_png : callable, optional
        ``decode_png(bytes)`` → uint8 (h, w, 4) RGBA or None: reads a TensorFlow
        Projector sprite sheet (:mod:`.sprite_sheet`) found for the dataset when it
        has neither an ``images`` array nor an image column (without it no sheet
        is looked for).

    Attributes
    ----------
    available : bool
        Whether the dataset has images at all.
    source : str
        ``"array"``, the image column's name, ``"sprite"`` or ``""``.
    sprite : SpriteSheet or None
    """

    def __init__(self, dataset, cache_size: int = 512, decode_png=None) -> None:
        self._array = getattr(dataset, "images", None)
        self._column = None if self._array is not None else image_column(dataset)
        self._paths = dataset.metadata[self._column] if self._column is not None else None
        self._root = Path(dataset.path).parent
        self._cache: OrderedDict[int, tuple[bytes, str] | None] = OrderedDict()
        self._size = max(1, int(cache_size))
        self.sprite: SpriteSheet | None = None
        if self._array is None and self._column is None and decode_png is not None:
            spec = find_sprite(Path(dataset.path), len(dataset.vectors))
            if spec is not None:
                self.sprite = SpriteSheet(spec, len(dataset.vectors), decode_png)
        self.available = self._array is not None or self._column is not None
        self.available = self.available or self.sprite is not None
        self.source = "array" if self._array is not None else (self._column or "")
        self.source = "sprite" if self.sprite is not None else self.source

    def encoded(self, index: int) -> tuple[bytes, str] | None:
        """``(bytes, mime)`` of point ``index``'s image, or None (missing or refused)."""
        if not self.available:
            return None
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        value = self._make(index)
        self._cache[index] = value
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return value

    def data_url(self, index: int) -> str | None:
        """``data:`` URL of the image (for rich text), or None."""
        found = self.encoded(index)
        if found is None:
            return None
        return f"data:{found[1]};base64,{base64.b64encode(found[0]).decode('ascii')}"

    def cached(self) -> int:
        """How many images the cache holds now."""
        return len(self._cache)

    def _make(self, index: int) -> tuple[bytes, str] | None:
        if self.sprite is not None:
            tile = self.sprite.tile(index)
            return None if tile is None else (png_bytes(tile), "image/png")
        if self._array is not None:
            try:
                return png_bytes(to_rgba(self._array[index])), "image/png"
            except ValueError:
                return None
        raw = str(self._paths[index]).strip()
        suffix = Path(raw).suffix.lower()
        if not raw or suffix not in _MIME:
            return None
        path = Path(raw) if Path(raw).is_absolute() else self._root / raw
        try:
            return read_capped(path, MAX_IMAGE_BYTES), _MIME[suffix]
        except (FileRefused, OSError):
            return None
