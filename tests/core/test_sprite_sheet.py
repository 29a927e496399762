"""Sprite sheets over 8192 px a side, read a band of tiles at a time (no Qt here)."""

import struct
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core.point_images import PointImages
from contrastive_viz.core.sprite_sheet import SpriteSheet, SpriteSpec, find_sprite


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tile_colour(i):
    return (i % 256, i // 256 % 256, 7 * i % 256)


def write_sheet(path, w, h, tile, n, channels=3):
    """A grey sheet; tile i's top-left quarter is tile_colour(i). Rows alternate the
    Up and Sub filters, so a band decodes right only from the right seed row."""
    ctype = {1: 0, 3: 2, 4: 6}[channels]
    cols = w // tile
    comp = zlib.compressobj(1)
    parts, prev = [], np.zeros(w * channels, np.uint8)
    for top in range(0, h, tile):
        block = np.full((min(tile, h - top), w, channels), 200, np.uint8)
        if channels == 4:
            block[..., 3] = 255
        i = top // tile * cols + np.arange(cols)
        marks = np.stack(tile_colour(i), axis=1)
        marks[i >= n] = 200
        view = block[: tile // 2, : cols * tile].reshape(-1, cols, tile, channels)
        view[:, :, : tile // 2, : min(3, channels)] = marks[None, :, None, : min(3, channels)]
        raw = block.reshape(len(block), -1)
        out = np.empty((len(raw), 1 + raw.shape[1]), np.uint8)
        odd = np.arange(top, top + len(raw)) % 2 == 1
        out[:, 0] = np.where(odd, 2, 1)
        np.subtract(raw[1:], raw[:-1], out=out[1:, 1:])  # Up (uint8 wraps mod 256)
        np.subtract(raw[0], prev, out=out[0, 1:])
        sub = ~odd
        out[sub, 1 : 1 + channels] = raw[sub, :channels]  # Sub
        out[sub, 1 + channels :] = raw[sub, channels:] - raw[sub, :-channels]
        parts.append(comp.compress(out.data))
        prev = raw[-1]
    parts.append(comp.flush())
    header = struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0)
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
                           + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))  # fmt: skip


def numpy_decode(png: bytes):
    """Reference decoder for the bands (filters None, Sub and Up; 8-bit; no Qt)."""
    pos, idat, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        header = data if kind == b"IHDR" else header
        idat += data if kind == b"IDAT" else b""
        pos += 12 + length
    w, h, _d, ctype, *_ = struct.unpack(">IIBBBBB", header)
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + w * ch)
    out = np.zeros((h, w * ch), np.uint8)
    prev = np.zeros(w * ch, np.uint8)
    for y in range(h):
        f, d = rows[y, 0], rows[y, 1:]
        if f == 0:
            r = d.copy()
        elif f == 2:
            r = d + prev
        elif f == 1:
            r = np.cumsum(d.reshape(w, ch), axis=0, dtype=np.uint8).reshape(-1)
        else:
            raise AssertionError(f"filter {f}")
        out[y], prev = r, r
    px = out.reshape(h, w, ch)
    rgba = np.full((h, w, 4), 255, np.uint8)
    if ch == 1:
        rgba[..., :3] = px
    elif ch == 2:
        rgba[..., :3], rgba[..., 3] = px[..., :1], px[..., 1]
    else:
        rgba[..., :ch] = px
    return rgba


def test_tiles_of_a_9000_px_sheet_in_any_order_with_little_memory(tmp_path):
    path = tmp_path / "sprite.png"
    n = 8_000
    write_sheet(path, 9000, 9000, 100, n, channels=1)  # grey: a third of the bytes of RGB
    assert path.stat().st_size < 2 * 2**20
    tracemalloc.start()
    sheet = SpriteSheet(SpriteSpec(path, 100, 100), n, numpy_decode)
    assert sheet.error == "" and (sheet.cols, sheet.bands) == (90, 89)
    for i in (n - 1, 0, 4_321, 90, 89, n - 1, 5_000):  # far band first: decodes from the top
        tile = sheet.tile(i)
        assert tile.shape == (100, 100, 4)
        assert (tile[:50, :50, :3] == i % 256).all() and (tile[..., 3] == 255).all()
        assert (tile[60:, :, :3] == 200).all() and (tile[:, 60:, :3] == 200).all()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 64 * 2**20  # decoded whole: 9000 * 9000 * 4 = 324 MB
    assert sheet.tile(n) is None and sheet.tile(-1) is None


def test_rgb_sheet_tiles_far_down_are_right(tmp_path):
    path = tmp_path / "s.png"
    write_sheet(path, 300, 310, 10, 900)
    sheet = SpriteSheet(SpriteSpec(path, 10, 10), 900, numpy_decode)
    for i in (899, 0, 451, 30, 29):
        np.testing.assert_array_equal(sheet.tile(i)[:5, :5, :3],
                                      np.broadcast_to(tile_colour(i), (5, 5, 3)))  # fmt: skip


@pytest.mark.parametrize("channels", [1, 4])
def test_grey_and_rgba_sheets_match_a_whole_decode(tmp_path, channels):
    path = tmp_path / "s.png"
    write_sheet(path, 64, 70, 8, 60, channels)
    whole = numpy_decode(path.read_bytes())
    sheet = SpriteSheet(SpriteSpec(path, 8, 8), 60, numpy_decode)
    for i in (59, 0, 33, 8, 7):
        r, c = divmod(i, 8)
        np.testing.assert_array_equal(sheet.tile(i), whole[8 * r : 8 * r + 8, 8 * c : 8 * c + 8])


def test_bad_sheets_give_no_tiles_and_a_reason(tmp_path):
    path = tmp_path / "s.png"
    write_sheet(path, 64, 64, 8, 60)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated: its image data ends early
    sheet = SpriteSheet(SpriteSpec(path, 8, 8), 60, numpy_decode)
    assert sheet.tile(59) is None and sheet.error
    assert SpriteSheet(SpriteSpec(path, 8, 8), 65, numpy_decode).error  # 65 tiles do not fit
    (tmp_path / "j.png").write_bytes(b"GIF89a....")
    assert "not a PNG" in SpriteSheet(SpriteSpec(tmp_path / "j.png", 8, 8), 4, numpy_decode).error
    sheet = SpriteSheet(SpriteSpec(tmp_path / "missing.png", 8, 8), 4, numpy_decode)
    assert sheet.error and sheet.tile(0) is None
    write_sheet(path, 64, 64, 8, 60)
    assert SpriteSheet(SpriteSpec(path, 8, 8), 60, lambda _b: None).tile(3) is None


def test_projector_config_and_plain_sprite_png_are_found(tmp_path):
    run = tmp_path / "run" / "00000" / "default"
    run.mkdir(parents=True)
    (run / "tensors.tsv").write_text("1\t2\n")
    (tmp_path / "run" / "projector_config.pbtxt").write_text(
        'embeddings {\n  tensor_name: "x"\n  tensor_path: "00000/default/tensors.tsv"\n'
        '  metadata_path: "00000/default/metadata.tsv"\n  sprite {\n'
        '    image_path: "00000/default/sprite.png"\n    single_image_dim: 28\n'
        "    single_image_dim: 30\n  }\n}\n"
    )
    spec = find_sprite(run / "tensors.tsv", 10)
    assert spec == SpriteSpec(tmp_path / "run" / "00000/default/sprite.png", 28, 30)
    other = tmp_path / "plain"
    other.mkdir()
    write_sheet(other / "sprite.png", 40, 40, 10, 16)  # ⌈√16⌉ = 4 tiles a side
    assert find_sprite(other / "v.tsv", 16) == SpriteSpec(other / "sprite.png", 10, 10)
    assert find_sprite(other / "v.tsv", 37) is None  # 7 a side does not divide 40
    assert find_sprite(tmp_path / "v.tsv", 4) is None


def test_point_images_serve_sprite_tiles_as_png(tmp_path):
    write_sheet(tmp_path / "sprite.png", 40, 40, 10, 16)

    class Ds:
        images, metadata, path = None, {}, tmp_path / "v.tsv"
        vectors = np.zeros((16, 3), np.float32)

    images = PointImages(Ds(), decode_png=numpy_decode)
    assert images.available and images.source == "sprite"
    data, mime = images.encoded(5)
    assert mime == "image/png"
    np.testing.assert_array_equal(numpy_decode(data)[:5, :5, :3],
                                  np.broadcast_to(tile_colour(5), (5, 5, 3)))  # fmt: skip
    assert not PointImages(Ds()).available  # no decoder: no sheet looked for
