"""The explorer widget: loading into both views, Cancel, filter, legend, toolbar, theme."""

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from contrastive_viz.app.controllers import dataset_loader
from contrastive_viz.app.views import theme
from contrastive_viz.core.colors import CATEGORICAL, encode
from contrastive_viz.core.embeddings import LoadCancelled

from .. import explorer_fixtures as fx
from ..explorer_fixtures import emitted, make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def test_open_npz_fills_both_views_coloured_by_label(qtbot, model, ctl, widget, tmp_path):
    ds = make_set(n=400)
    path = tmp_path / "emb.npz"
    np.savez(path, embeddings=ds.vectors, labels=np.array(ds.labels))
    with emitted(qtbot, model.data.projection_changed, timeout=10_000):
        ctl.open(path)
    data = model.data
    assert data.dataset.n == 400 and not ctl.busy
    pts = widget.scatter.points_item
    assert widget.scatter.mode == "points"
    np.testing.assert_array_equal(pts.index, np.arange(400))
    np.testing.assert_allclose(pts.x, data.coords[:, 0])
    np.testing.assert_allclose(pts.y, data.coords[:, 1])
    categories, codes = encode(ds.labels)
    expected = [CATEGORICAL[c] for c in codes]
    assert pts.point_colors() == expected
    assert len(set(expected)) == 5
    item3d = widget.scatter3d.points_item
    np.testing.assert_allclose(item3d.pos, data.coords)
    rgba = model.style.colors.rgba
    np.testing.assert_allclose(item3d.color[:, :3] * 255, rgba[:, :3], atol=1e-3)
    assert widget.legend.count() == 1 + 5  # header + one row per class
    assert ds.path.name not in widget.status_label.text()
    assert "emb.npz" in widget.status_label.text() and "400 × 16" in widget.status_label.text()


def test_cancel_leaves_state_unchanged(qtbot, model, ctl, widget, monkeypatch):
    ds = make_set()
    ctl.set_dataset(ds)
    started, release = threading.Event(), threading.Event()

    def slow_load(path, metadata=None, drop_invalid=False, progress=None, cancelled=None):
        started.set()
        while not release.wait(0.01):
            progress(0.5)
            if cancelled():
                raise LoadCancelled("cancelled")
        raise AssertionError("never released")

    monkeypatch.setattr(dataset_loader, "load_embeddings", slow_load)
    busy = []
    ctl.loader.busy_changed.connect(busy.append)
    ctl.open("big.npy")
    assert ctl.busy and widget.cancel_button.isVisibleTo(widget)
    assert started.wait(5)
    with qtbot.waitSignal(ctl.loader.cancelled, timeout=5000):
        widget.cancel_button.click()
    assert model.data.dataset is ds and not ctl.busy
    assert busy == [True, False]
    assert not widget.cancel_button.isVisibleTo(widget)
    assert not widget.progress_bar.isVisibleTo(widget)


def test_filter_hides_non_matching_labels(qtbot, model, ctl, widget):
    ds = make_set()
    ctl.set_dataset(ds)
    model.settings.set_filter_text("CAT")
    expected = np.array(["cat" in label.lower() for label in ds.labels])
    np.testing.assert_array_equal(model.style.visible_mask(), expected)
    assert widget.toolbar.filter_edit.text() == "CAT"
    pts = widget.scatter.points_item
    alphas = np.array([pts.colors[c].alphaF() for c in pts.codes])
    assert alphas[expected].min() > 3 * alphas[~expected].max()
    model.settings.set_filter_text("=dog")
    np.testing.assert_array_equal(model.style.visible_mask(), np.array(ds.labels) == "dog")
    widget.toolbar.filter_edit.setText("")
    assert model.style.visible_mask().all()


def test_legend_click_isolates_a_class(qtbot, model, ctl, widget):
    ds = make_set()
    ctl.set_dataset(ds)
    item = widget.legend.item(2)  # header, then classes in order
    name = item.data(Qt.ItemDataRole.UserRole)
    widget.legend.itemClicked.emit(item)
    assert model.settings.filter_text == f"={name}"
    np.testing.assert_array_equal(model.style.visible_mask(), np.array(ds.labels) == name)
    widget.legend.itemClicked.emit(item)
    assert model.settings.filter_text == ""


def test_toolbar_round_trip(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    tb, st = widget.toolbar, model.settings
    tb.size_spin.setValue(11)
    assert st.point_size == 11 and widget.scatter.points_item.size == 11
    tb.opacity_slider.setValue(40)
    assert st.opacity == pytest.approx(0.4)
    tb.color_combo.setCurrentIndex(tb.color_combo.findData("score"))
    tb.color_combo.activated.emit(tb.color_combo.currentIndex())
    assert st.color_by == "score" and model.style.colors.kind == "continuous"
    tb.k_spin.setValue(3)
    assert st.k == 3
    st.set_point_size(5)
    st.set_k(8)
    assert tb.size_spin.value() == 5 and tb.k_spin.value() == 8
    tb.dims_3d.click()
    assert st.dims == 3 and widget.stack.currentWidget() is widget.scatter3d
    st.set_dims(2)
    assert tb.dims_2d.isChecked() and widget.stack.currentWidget() is widget.scatter


def test_normalize_reprojects_in_background(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    with emitted(qtbot, model.data.projection_changed, timeout=10_000):
        widget.toolbar.normalize_check.setChecked(True)
    data = model.data
    assert model.settings.normalize and data.projection.normalized
    u = data.dataset.vectors / data.dataset.norms[:, None]
    assert np.allclose(np.abs(data.projection.mean), np.abs(u.mean(axis=0)), atol=1e-5)


def test_present_theme_wraps_the_toolbar_and_scales_the_legend(qtbot, ctl, widget):
    ctl.set_dataset(make_set())
    widget.resize(1600, 800)
    widget.show()
    qtbot.waitExposed(widget)
    tb = widget.toolbar
    width = widget.legend.width()
    widget.apply_theme(theme.PRESENT)
    assert tb._row2.indexOf(tb.filter_edit) >= 0 and tb._row1.indexOf(tb.filter_edit) < 0
    assert widget.legend.width() > width
    assert widget.scatter.backgroundBrush().color().name() == theme.PRESENT.background
    widget.apply_theme(theme.DARK)
    assert tb._row1.indexOf(tb.filter_edit) >= 0 and widget.legend.width() == width


def test_a_narrow_window_wraps_the_toolbar_instead_of_scrolling(qtbot, ctl, widget):
    ctl.set_dataset(make_set())
    widget.resize(1600, 800)
    widget.show()
    qtbot.waitExposed(widget)
    tb = widget.toolbar
    assert tb._row1.indexOf(tb.filter_edit) >= 0
    widget.resize(900, 700)
    qtbot.waitUntil(lambda: tb._row2.indexOf(tb.filter_edit) >= 0)
    assert tb.minimumSizeHint().width() <= 900 and widget.width() == 900
    assert tb.k_spin.geometry().right() <= tb.width()  # nothing cut off on the right
    widget.resize(1600, 800)
    qtbot.waitUntil(lambda: tb._row1.indexOf(tb.filter_edit) >= 0)
