"""Point pictures: PNG encoding, image arrays, image-path columns, the bounded cache."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.point_images import PointImages, image_column, png_bytes, to_rgba
from contrastive_viz.core.point_info import tooltip_html
from contrastive_viz.core.point_text import text_column


def _decode_png(data: bytes) -> np.ndarray:
    """The RGBA pixels of a PNG written by ``png_bytes`` (filter 0, one IDAT)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        assert (
            zlib.crc32(kind + body) & 0xFFFFFFFF
            == struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        )
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + 4 * w)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(h, w, 4)


def _set(n=3, images=None, meta=None, path="emb.npy"):
    x = np.ones((n, 2), np.float32)
    meta = meta or {}
    return EmbeddingSet(x, None, meta, None, Path(path), np.ones(n, np.float32), images=images)


def test_png_round_trip_and_rgba_of_grey_rgb_float():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (5, 7, 4), dtype=np.uint8)
    assert np.array_equal(_decode_png(png_bytes(rgba)), rgba)
    grey = np.array([[0.0, 16.0], [8.0, np.nan]])
    out = to_rgba(grey)
    assert out.shape == (2, 2, 4) and out[0, 0, 0] == 255 and out[0, 1, 0] == 0  # ink dark
    assert (out[..., 3] == 255).all()
    rgb = np.zeros((2, 2, 3), np.uint8)
    assert (to_rgba(rgb)[..., 3] == 255).all()
    with pytest.raises(ValueError):
        to_rgba(np.zeros((2, 2, 2)))


def test_array_images_are_made_lazily_and_cached_within_a_bound():
    imgs = np.random.default_rng(1).random((10, 8, 8)).astype(np.float32)
    pi = PointImages(_set(10, images=imgs), cache_size=4)
    assert pi.available and pi.source == "array" and pi.cached() == 0
    data, mime = pi.encoded(3)
    assert mime == "image/png" and np.array_equal(_decode_png(data), to_rgba(imgs[3]))
    for i in range(10):
        pi.encoded(i)
    assert pi.cached() == 4
    assert pi.data_url(0).startswith("data:image/png;base64,")


def test_path_column_relative_absolute_missing_refused_and_too_big(tmp_path, monkeypatch):
    good = png_bytes(np.full((2, 3, 4), 200, np.uint8))
    (tmp_path / "a.png").write_bytes(good)
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "fifo.png")
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 2000)
    paths = ["a.png", str(tmp_path / "a.png"), "missing.png", "fifo.png", "sub", "big.png"]
    ds = _set(6, meta={"Image": paths}, path=str(tmp_path / "emb.npy"))
    assert image_column(ds) == "Image"
    monkeypatch.setattr("contrastive_viz.core.point_images.MAX_IMAGE_BYTES", 1000)
    pi = PointImages(ds)
    assert pi.encoded(0) == (good, "image/png") and pi.encoded(1) == (good, "image/png")
    assert [pi.encoded(i) for i in (2, 3, 4, 5)] == [None] * 4


def test_no_images_and_columns_that_are_not_image_paths():
    assert not PointImages(_set(meta={"file": ["a.txt", "b.txt", "c.txt"]})).available
    assert PointImages(_set()).encoded(0) is None


def test_text_column_and_card_with_image():
    ds = _set(meta={"Caption": ["x", "y", "z"], "text": ["a", "b", "c"]})
    assert text_column(ds) == "text" and text_column(ds, "Caption") == "Caption"
    assert text_column(_set(meta={"label": ["1", "2", "3"]})) is None
    card = tooltip_html([("label", "7")], image="data:image/png;base64,AAAA")
    assert card.startswith('<img src="data:image/png;base64,AAAA"') and "<b>label</b>" in card
    assert "(no image)" in tooltip_html([("label", "7")], image="")
    assert "<img" not in tooltip_html([("label", "7")])


def test_npz_images_are_loaded_checked_and_follow_dropped_rows(tmp_path):
    from contrastive_viz.core.embeddings import EmbeddingFileError, load_embeddings

    rng = np.random.default_rng(2)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    x[2] = np.nan
    imgs = rng.integers(0, 255, (6, 5, 5, 3), dtype=np.uint8)
    np.savez(tmp_path / "a.npz", embeddings=x, images=imgs)
    ds = load_embeddings(tmp_path / "a.npz", drop_invalid=True)
    assert ds.n == 5 and np.array_equal(ds.images, imgs[[0, 1, 3, 4, 5]])
    assert PointImages(ds).encoded(2) is not None
    np.savez(tmp_path / "b.npz", embeddings=x[[0, 1]], images=imgs[:3])
    with pytest.raises(EmbeddingFileError, match="images"):
        load_embeddings(tmp_path / "b.npz")
    np.savez(tmp_path / "c.npz", embeddings=x[[0, 1]])
    assert load_embeddings(tmp_path / "c.npz").images is None
