"""Sprite sheets through Qt's decoder, a band at a time, into the explorer's pictures."""

from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from contrastive_viz.app.views.thumbnails import decode_png_rgba, placeholder
from contrastive_viz.core.embeddings import EmbeddingSet
from contrastive_viz.core.sprite_sheet import SpriteSheet, SpriteSpec

from .. import explorer_fixtures as fx

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def _noisy_sheet(path: Path, w: int, h: int) -> np.ndarray:
    """A PNG written by Qt (libpng: adaptive filters, Paeth included); its RGBA pixels."""
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    rgb[:, ::7] = rgb[:, ::7] // 2  # some structure, so the filters vary from row to row
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    assert image.save(str(path), "PNG")
    whole = decode_png_rgba(path.read_bytes())
    assert whole.shape == (h, w, 4)
    return whole


def test_bands_decoded_by_qt_equal_the_whole_sheet(tmp_path):
    whole = _noisy_sheet(tmp_path / "sprite.png", 640, 650)
    sheet = SpriteSheet(SpriteSpec(tmp_path / "sprite.png", 32, 32), 400, decode_png_rgba)
    assert sheet.error == ""
    for i in (399, 0, 217, 20, 19, 398):
        r, c = divmod(i, 20)
        np.testing.assert_array_equal(
            sheet.tile(i), whole[32 * r : 32 * r + 32, 32 * c : 32 * c + 32]
        )


def test_a_projector_sprite_gives_the_points_their_pictures(qtbot, model, ctl, widget, tmp_path):
    n = 100
    whole = _noisy_sheet(tmp_path / "sprite.png", 200, 200)  # ⌈√100⌉ = 10 tiles of 20 px a side
    x = np.random.default_rng(1).standard_normal((n, 8)).astype(np.float32)
    labels = [str(i % 3) for i in range(n)]
    ds = EmbeddingSet(x, labels, {"label": labels}, "label", tmp_path / "vectors.tsv",
                      np.linalg.norm(x, axis=1))  # fmt: skip
    ctl.set_dataset(ds)
    images = model.data.images
    assert images.source == "sprite"
    qtbot.waitUntil(lambda: ctl.sprites.job is None, timeout=10_000)  # read ahead
    got = decode_png_rgba(images.encoded(57)[0])
    np.testing.assert_array_equal(got, whole[100:120, 140:160])
    layer = widget.scatter_pictures
    c = model.data.coords[57]
    widget.scatter.getPlotItem().getViewBox().setRange(QRectF(c[0] - 1, c[1] - 1, 2, 2))
    assert layer.showing
    widget.scatter.viewport().repaint()
    qtbot.waitUntil(lambda: layer.item.thumbs.cached(images, 57) is not None, timeout=3000)
    pix = layer.item.thumbs.cached(images, 57)
    assert pix.toImage() != placeholder(pix.width()).toImage()
