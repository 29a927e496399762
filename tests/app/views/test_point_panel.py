"""The selected point's picture, whole text and neighbours' thumbnails (pytest-qt)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from contrastive_viz.app.controllers.explorer import ExplorerController
from contrastive_viz.app.controllers.explorer_wiring import bind_point_panel
from contrastive_viz.app.controllers.jobs import job_pool
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views.point_panel import PointPanel
from contrastive_viz.core.explorer_data import digits_embedding_set

from ..explorer_fixtures import make_set


def _panel(qtbot, ds):
    model = ExplorerModel()
    ctl = ExplorerController(model)
    panel = bind_point_panel(PointPanel(model), model)
    qtbot.addWidget(panel)
    panel.resize(420, 400)
    panel.show()
    ctl.set_dataset(ds)
    return model, ctl, panel


def test_digits_show_their_images_in_the_card_panel_and_strip(qtbot):
    ds = digits_embedding_set()
    assert ds.images.shape == (ds.n, 8, 8)
    model, ctl, panel = _panel(qtbot, ds)
    assert panel.isVisible() and not panel.text_view.isVisible()
    assert model.data.tooltip(3).startswith('<img src="data:image/png;base64,')
    model.selection.select(3)
    qtbot.waitUntil(lambda: panel.strip.count() == model.settings.k, timeout=10_000)
    assert not panel.image_label.pixmap().isNull()
    icon = panel.strip.item(0).icon()
    assert not icon.isNull()
    first = int(model.selection.neighbors[0][0])
    panel.strip.itemClicked.emit(panel.strip.item(0))
    assert model.selection.selected == first
    ctl.cancel()
    job_pool().waitForDone(10_000)


def test_text_is_whole_in_the_panel_and_elided_in_the_strip(qtbot, tmp_path):
    base = make_set(n=40)
    long = "word " * 5000
    texts = [f"text of {i} " + (long if i == 1 else "") for i in range(base.n)]
    paths = ["missing.png"] * base.n  # broken pictures: placeholders, no dialog
    ds = replace(base, metadata={**base.metadata, "text": texts, "image": paths},
                 path=tmp_path / "toy.npy")  # fmt: skip
    model, ctl, panel = _panel(qtbot, ds)
    assert panel.text_view.isVisible()
    model.selection.select(1)
    qtbot.waitUntil(lambda: panel.strip.count() > 0, timeout=10_000)
    assert panel.text_view.toPlainText() == texts[1]
    assert all(len(panel.strip.item(r).text()) <= 12 for r in range(panel.strip.count()))
    assert "(no image)" in model.data.tooltip(1)
    assert not panel.image_label.pixmap().isNull()  # the placeholder
    ctl.cancel()
    job_pool().waitForDone(10_000)


def test_hidden_without_text_or_images(qtbot):
    _model, ctl, panel = _panel(qtbot, make_set(n=20))
    assert not panel.isVisible()
    ctl.cancel()
    job_pool().waitForDone(10_000)


def test_images_survive_a_float_array_with_nan(qtbot):
    base = make_set(n=10)
    imgs = np.random.default_rng(0).random((10, 4, 5, 3))
    imgs[2] = np.nan
    model, ctl, _panel_ = _panel(qtbot, replace(base, images=imgs))
    assert model.data.images.encoded(2) is not None
    ctl.cancel()
    job_pool().waitForDone(10_000)
