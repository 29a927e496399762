"""Pictures in place of dots on the 2-D plot once at most 400 points are in view."""

from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.views.thumbnails import placeholder
from contrastive_viz.core.explorer_data import digits_embedding_set

from .. import explorer_fixtures as fx
from ..explorer_fixtures import make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def _zoom(qtbot, view, rect: QRectF) -> None:
    view.getPlotItem().getViewBox().setRange(rect, padding=0)
    view.viewport().repaint()
    qtbot.wait(30)


def _in_view(coords, rect):
    x, y = coords[:, 0], coords[:, 1]
    return (x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())


def test_pictures_replace_dots_when_zoomed_in_and_dots_return_when_zoomed_out(
    qtbot, model, ctl, widget
):
    ctl.set_dataset(digits_embedding_set())
    view, layer = widget.scatter, widget.scatter_pictures
    coords = model.data.coords
    assert not layer.showing and view.points_item.isVisible()  # 1,797 points in view
    full = view.getPlotItem().getViewBox().viewRect()
    c = coords[100]
    small = QRectF(c[0] - 0.5, c[1] - 0.5, 1.0, 1.0)
    assert 0 < _in_view(coords, small).sum() <= 400
    _zoom(qtbot, view, small)
    assert layer.showing and layer.item.isVisible() and not view.points_item.isVisible()
    qtbot.waitUntil(lambda: layer.item.drawn >= _in_view(coords, small).sum(), timeout=3000)
    pix = layer.item.thumbs.cached(model.data.images, 100)
    assert pix is not None and not pix.isNull()
    # the digit's own picture, not the placeholder: its pixels differ from it
    assert pix.toImage() != placeholder(pix.width()).toImage()
    _zoom(qtbot, view, full)
    assert not layer.showing and view.points_item.isVisible() and not layer.item.isVisible()


def test_missing_pictures_show_the_placeholder_and_no_dialog(qtbot, model, ctl, widget, tmp_path):
    ds = make_set(n=60)
    ds.metadata["image"] = [f"pics/{i}.png" for i in range(60)]  # none exists
    ds = type(ds)(ds.vectors, ds.labels, ds.metadata, ds.label_column,
                  Path(tmp_path / "toy.npy"), ds.norms)  # fmt: skip
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "3.png").write_bytes(b"not a png")  # broken
    ctl.set_dataset(ds)
    layer = widget.scatter_pictures
    layer.refresh()
    assert layer.showing  # 60 points: pictures at every zoom
    widget.scatter.viewport().repaint()
    qtbot.waitUntil(lambda: layer.item.drawn == 60, timeout=3000)
    ref = placeholder(layer.item.thumbs.size).toImage()
    for row in (0, 3, 59):
        assert layer.item.thumbs.cached(model.data.images, row).toImage() == ref
    assert QApplication.activeModalWidget() is None  # no error dialog


def test_pictures_can_be_turned_off(qtbot, model, ctl, widget):
    ctl.set_dataset(digits_embedding_set())
    layer, view = widget.scatter_pictures, widget.scatter
    c = model.data.coords[5]
    _zoom(qtbot, view, QRectF(c[0] - 0.3, c[1] - 0.3, 0.6, 0.6))
    assert layer.showing
    layer.set_enabled(False)
    assert not layer.showing and view.points_item.isVisible()
    np.testing.assert_array_equal(layer.item.rows, np.arange(model.data.n))
