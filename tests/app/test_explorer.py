"""The explorer: its state, background jobs, the 2-D/3-D scatter views and the toolbar."""

import sys
import threading
import time
import types
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from contrastive_viz.app import explorer_state as es
from contrastive_viz.app.controllers.jobs import Job, job_pool
from contrastive_viz.app.explorer_state import ExplorerState
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.explorer_widget import ExplorerWidget
from contrastive_viz.core.colors import CATEGORICAL, color_mapping, encode
from contrastive_viz.core.embeddings import EmbeddingSet, LoadCancelled


def make_set(n=300, d=16, classes=5, seed=0, name="toy.npy"):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((classes, d)) * 3
    codes = rng.integers(0, classes, n)
    x = (centres[codes] + rng.standard_normal((n, d))).astype(np.float32)
    labels = [["Cat", "dog", "catfish", "bird", "Dogma"][c % 5] for c in codes]
    meta = {"label": labels, "score": [f"{v:.3f}" for v in rng.random(n)]}
    norms = np.linalg.norm(x, axis=1).astype(np.float32)
    return EmbeddingSet(x, labels, meta, "label", Path(name), norms)


def brute_force_neighbors(x, i, k):
    u = np.asarray(x, np.float64)
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    sims = u @ u[i]
    sims[i] = -np.inf
    order = np.lexsort((np.arange(len(sims)), -sims))[:k]
    return order, sims[order]


@pytest.fixture
def state(qtbot):
    st = ExplorerState()
    yield st
    st.cancel()
    job_pool().waitForDone(10_000)


@pytest.fixture
def widget(qtbot, state):
    w = ExplorerWidget(state)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


# ------------------------------------------------------------------ loading
def test_open_npz_fills_both_views_coloured_by_label(qtbot, state, widget, tmp_path):
    ds = make_set(n=400)
    path = tmp_path / "emb.npz"
    np.savez(path, embeddings=ds.vectors, labels=np.array(ds.labels))
    with qtbot.waitSignal(state.projection_changed, timeout=10_000):
        state.open(path)
    assert state.dataset.n == 400 and not state.busy
    pts = widget.scatter.points_item
    assert widget.scatter.mode == "points"
    np.testing.assert_array_equal(pts.index, np.arange(400))
    np.testing.assert_allclose(pts.x, state.coords[:, 0])
    np.testing.assert_allclose(pts.y, state.coords[:, 1])
    categories, codes = encode(ds.labels)
    expected = [CATEGORICAL[c] for c in codes]
    assert pts.point_colors() == expected
    assert len(set(expected)) == 5
    item3d = widget.scatter3d.points_item
    np.testing.assert_allclose(item3d.pos, state.coords)
    np.testing.assert_allclose(item3d.color[:, :3] * 255, state.colors.rgba[:, :3], atol=1e-3)
    assert widget.legend.count() == 1 + 5  # header + one row per class
    assert ds.path.name not in widget.status_label.text()
    assert "emb.npz" in widget.status_label.text() and "400 × 16" in widget.status_label.text()


def test_open_plain_npy_projects_with_pca(qtbot, state, tmp_path):
    x = np.random.default_rng(1).standard_normal((500, 8)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    progress = []
    state.progress.connect(lambda f, m: progress.append(f))
    with qtbot.waitSignal(state.projection_changed, timeout=10_000):
        state.open(tmp_path / "x.npy")
    assert state.coords.shape == (500, 3) and state.projection.n_features == 8
    assert state.color_by is None and state.colors.kind == "single"
    assert progress and progress[0] == 0.0


def test_malformed_file_emits_error_and_keeps_the_dataset(qtbot, state, tmp_path):
    ds = make_set()
    state.set_dataset(ds)
    before = (state.dataset, state.projection)
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"this is not numpy at all")
    with qtbot.waitSignal(state.error, timeout=10_000) as blocker:
        state.open(bad)
    title, message = blocker.args
    assert "bad.npy" in message
    assert (state.dataset, state.projection) == before
    assert not state.busy


def test_cancel_leaves_state_unchanged(qtbot, state, widget, monkeypatch):
    ds = make_set()
    state.set_dataset(ds)
    started, release = threading.Event(), threading.Event()

    def slow_load(path, metadata=None, drop_invalid=False, progress=None, cancelled=None):
        started.set()
        while not release.wait(0.01):
            progress(0.5)
            if cancelled():
                raise LoadCancelled("cancelled")
        raise AssertionError("never released")

    monkeypatch.setattr(es, "load_embeddings", slow_load)
    busy = []
    state.busy_changed.connect(busy.append)
    state.open("big.npy")
    assert state.busy and widget.cancel_button.isVisibleTo(widget)
    assert started.wait(5)
    with qtbot.waitSignal(state.cancelled, timeout=5000):
        widget.cancel_button.click()
    assert state.dataset is ds and not state.busy
    assert busy == [True, False]
    assert not widget.cancel_button.isVisibleTo(widget)
    assert not widget.progress_bar.isVisibleTo(widget)


def test_demo_set_loads(qtbot, state):
    with qtbot.waitSignal(state.projection_changed, timeout=30_000):
        state.open_demo()
    assert (state.dataset.n, state.dataset.d) == (1797, 64)
    assert state.colors.kind == "categorical" and len(state.colors.categories) == 10
    assert state.colors.categories == tuple(str(i) for i in range(10))


# ---------------------------------------------------------------- workers
def test_job_throttles_progress_and_delivers_result(qtbot):
    def fn(progress, cancelled):
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.3:
            progress(0.5)
        progress(1.0)
        return 42

    job = Job(fn)
    seen = []
    job.progress.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [42]
    qtbot.wait(20)
    assert 2 <= len(seen) <= 0.3 * 20 + 3 and seen[-1] == 1.0


def test_job_failure_is_delivered(qtbot):
    job = Job(lambda p, c: 1 / 0)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ZeroDivisionError)


# -------------------------------------------------------- selection
def test_select_computes_cosine_neighbours_and_views_highlight(qtbot, state, widget):
    ds = make_set()
    state.set_dataset(ds)
    order = []
    state.selection_changed.connect(lambda: order.append("selection"))
    state.neighbors_changed.connect(lambda: order.append("neighbors"))
    state.select(17)
    assert order == ["selection", "neighbors"]
    idx, sims = state.neighbors
    ref_idx, ref_sims = brute_force_neighbors(ds.vectors, 17, 10)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(sims, ref_sims, atol=1e-6)
    np.testing.assert_array_equal(widget.scatter.neighbor_item.data["data"], ref_idx)
    assert list(widget.scatter.selected_item.data["data"]) == [17]
    sel3d, nb3d = widget.scatter3d.highlighted
    assert sel3d == 17
    np.testing.assert_array_equal(nb3d, ref_idx)
    state.set_k(4)
    np.testing.assert_array_equal(state.neighbors[0], ref_idx[:4])
    assert len(widget.scatter.neighbor_item.data) == 4
    state.select(None)
    assert state.neighbors is None and len(widget.scatter.neighbor_item.data) == 0


def test_neighbours_in_a_background_job_for_large_sets(qtbot, state, monkeypatch):
    ds = make_set()
    state.set_dataset(ds)
    monkeypatch.setattr(ExplorerState, "ASYNC_NEIGHBORS_ABOVE", 10)
    with qtbot.waitSignals([state.neighbors_changed, state.neighbors_changed], timeout=5000):
        state.select(3)
    np.testing.assert_array_equal(state.neighbors[0], brute_force_neighbors(ds.vectors, 3, 10)[0])


def test_click_in_2d_selects_the_point_under_the_mouse(qtbot, state, widget):
    state.set_dataset(make_set())
    view = widget.scatter
    i = 42
    scene_pos = (
        view.getPlotItem()
        .getViewBox()
        .mapViewToScene(QPointF(float(state.coords[i, 0]), float(state.coords[i, 1])))
    )
    pos = view.mapFromScene(scene_pos)
    assert view.pick(state.coords[i, 0], state.coords[i, 1]) == i
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: state.selected == i, timeout=2000)


def _show_3d(qtbot, state, widget):
    state.set_dims(3)
    view = widget.scatter3d
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.gl.isExposed)
    return view


def _move(view, pos: QPointF, buttons=Qt.MouseButton.LeftButton) -> None:
    """A MouseMove on the GL window carrying ``buttons`` (QTest.mouseMove carries none)."""
    ev = QMouseEvent(
        QEvent.Type.MouseMove, pos, view.gl.mapToGlobal(pos),
        Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(view.gl, ev)


def test_click_in_3d_selects_the_point_under_the_mouse(qtbot, state, widget):
    state.set_dataset(make_set())
    view = _show_3d(qtbot, state, widget)
    i = 7
    xy, depth = view.to_screen(state.coords[[i]])
    assert depth[0] > 0
    picked = view.pick(*xy[0])  # i, or a point drawn in front of it at the same spot
    pxy, _ = view.to_screen(state.coords[[picked]])
    assert np.hypot(*(pxy[0] - xy[0])) <= view.pick_radius + state.point_size / 2
    assert view.pick(-500.0, -500.0) is None
    pos = QPoint(round(xy[0, 0]), round(xy[0, 1]))
    QTest.mousePress(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseRelease(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert state.selected == view.pick(pos.x(), pos.y()) is not None
    assert view.highlighted[0] == state.selected


def test_3d_hover_describes_the_point_and_leave_hides_it(qtbot, state, widget):
    state.set_dataset(make_set())
    view = _show_3d(qtbot, state, widget)
    xy, _ = view.to_screen(state.coords)
    inside = (xy[:, 0] > 20) & (xy[:, 0] < view.width() - 20) & (xy[:, 1] > 20)
    i = int(np.flatnonzero(inside)[0])
    pos = QPointF(round(xy[i, 0]), round(xy[i, 1]))
    hit = view.pick(pos.x(), pos.y())
    _move(view, pos, Qt.MouseButton.NoButton)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert hit is not None
    assert f"<b>index</b>: {hit}<br>" in QToolTip.text()
    assert f"<b>label</b>: {state.label_of(hit)}" in QToolTip.text()
    assert view.gl.cursor().shape() == Qt.CursorShape.PointingHandCursor
    QApplication.sendEvent(view.gl, QEvent(QEvent.Type.Leave))  # the mouse leaves the window
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)  # hideText fades out
    assert view.gl.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_3d_decimates_while_the_camera_moves(qtbot, state, widget):
    view = widget.scatter3d
    view.decimate_above, view.decimated_size, view.idle_ms = 100, 50, 60
    state.set_dataset(make_set(n=300))
    view = _show_3d(qtbot, state, widget)
    assert view.subset_item.pos.shape == (50, 3) and not view.moving
    azimuth = view.opts["azimuth"]
    start, end = QPoint(200, 200), QPoint(260, 230)
    QTest.mousePress(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    _move(view, QPointF(end))
    assert view.opts["azimuth"] != azimuth  # the camera orbits
    assert view.moving and view.subset_item.visible() and not view.points_item.visible()
    QTest.mouseRelease(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert state.selected is None  # a drag is not a click
    qtbot.waitUntil(lambda: not view.moving, timeout=2000)
    assert view.points_item.visible() and not view.subset_item.visible()


def test_3d_grab_is_opaque_and_shows_the_points(qtbot, state, widget):
    """Smoke test: the offscreen grab (used by exports) holds the points at full opacity."""
    state.set_dataset(make_set())
    state.set_opacity(0.5)  # blended points must not punch holes in the grab's alpha
    view = _show_3d(qtbot, state, widget)
    image = view.grabFramebuffer().convertToFormat(QImage.Format.Format_ARGB32)
    dpr = image.devicePixelRatio()
    assert (image.width(), image.height()) == (
        round(view.width() * dpr),
        round(view.height() * dpr),
    )
    argb = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    assert argb[..., 3].min() == 255
    background = QColor(theme.palette().background)
    bgr = np.array([background.blue(), background.green(), background.red()])
    assert (np.abs(argb[..., :3].astype(int) - bgr).sum(axis=2) > 60).mean() > 0.01


# ------------------------------------------------------------ style
def test_filter_hides_non_matching_labels(qtbot, state, widget):
    ds = make_set()
    state.set_dataset(ds)
    state.set_filter("CAT")
    expected = np.array(["cat" in label.lower() for label in ds.labels])
    np.testing.assert_array_equal(state.visible_mask(), expected)
    assert widget.toolbar.filter_edit.text() == "CAT"
    pts = widget.scatter.points_item
    alphas = np.array([pts.colors[c].alphaF() for c in pts.codes])
    assert alphas[expected].min() > 3 * alphas[~expected].max()
    state.set_filter("=dog")
    np.testing.assert_array_equal(state.visible_mask(), np.array(ds.labels) == "dog")
    widget.toolbar.filter_edit.setText("")
    assert state.visible_mask().all()


def test_legend_click_isolates_a_class(qtbot, state, widget):
    ds = make_set()
    state.set_dataset(ds)
    item = widget.legend.item(2)  # header, then classes in order
    name = item.data(Qt.ItemDataRole.UserRole)
    widget.legend.itemClicked.emit(item)
    assert state.filter_text == f"={name}"
    np.testing.assert_array_equal(state.visible_mask(), np.array(ds.labels) == name)
    widget.legend.itemClicked.emit(item)
    assert state.filter_text == ""


def test_toolbar_round_trip(qtbot, state, widget):
    state.set_dataset(make_set())
    tb = widget.toolbar
    tb.size_spin.setValue(11)
    assert state.point_size == 11 and widget.scatter.points_item.size == 11
    tb.opacity_slider.setValue(40)
    assert state.opacity == pytest.approx(0.4)
    tb.color_combo.setCurrentIndex(tb.color_combo.findData("score"))
    tb.color_combo.activated.emit(tb.color_combo.currentIndex())
    assert state.color_by == "score" and state.colors.kind == "continuous"
    tb.k_spin.setValue(3)
    assert state.k_neighbors == 3
    state.set_point_size(5)
    state.set_k(8)
    assert tb.size_spin.value() == 5 and tb.k_spin.value() == 8
    tb.dims_3d.click()
    assert state.dims == 3 and widget.stack.currentWidget() is widget.scatter3d
    state.set_dims(2)
    assert tb.dims_2d.isChecked() and widget.stack.currentWidget() is widget.scatter


def test_normalize_reprojects_in_background(qtbot, state, widget):
    state.set_dataset(make_set())
    with qtbot.waitSignal(state.projection_changed, timeout=10_000):
        widget.toolbar.normalize_check.setChecked(True)
    assert state.normalize and state.projection.normalized
    u = state.dataset.vectors / state.dataset.norms[:, None]
    assert np.allclose(np.abs(state.projection.mean), np.abs(u.mean(axis=0)), atol=1e-5)


def test_2d_level_of_detail_uses_density_then_points(qtbot, state, widget):
    view = widget.scatter
    view.lod_threshold, view.max_points_in_view = 100, 60
    state.set_dataset(make_set(n=2000))
    qtbot.waitUntil(lambda: view.mode == "density", timeout=2000)
    assert view.density_item.isVisible()
    assert view.density_item.image.shape[2] == 4 and view.density_item.image[..., 3].any()
    assert view.points_item.index.size == 0
    c = [float(v) for v in state.coords[5, :2]]
    vb = view.getPlotItem().getViewBox()
    vb.setRange(xRange=(c[0] - 0.05, c[0] + 0.05), yRange=(c[1] - 0.05, c[1] + 0.05), padding=0)
    qtbot.waitUntil(lambda: view.mode == "points", timeout=2000)
    assert not view.density_item.isVisible()
    shown = view.points_item.index
    assert 1 <= len(shown) <= 4 * view.max_points_in_view and 5 in shown
    assert np.all(state.visible_mask()[shown])
    r = vb.viewRect()
    px, py = state.coords[:, 0], state.coords[:, 1]
    in_view = (px >= r.left()) & (px <= r.right()) & (py >= r.top()) & (py <= r.bottom())
    np.testing.assert_array_equal(np.sort(view.index.in_rect(r)), np.flatnonzero(in_view))
    assert set(np.flatnonzero(in_view)) <= set(shown)  # everything in view is drawn


def test_color_mapping_goes_continuous_beyond_50_classes():
    values = [str(i) for i in range(80)]
    m = color_mapping(values, 80, "x")
    assert m.kind == "continuous" and (m.vmin, m.vmax) == (0.0, 79.0)
    assert tuple(m.rgba[0]) != tuple(m.rgba[-1])
    names = [f"c{i}" for i in range(60)]
    assert color_mapping(names, 60).kind == "continuous"
    assert color_mapping(names[:50], 50).kind == "categorical"
    assert encode(["class 10", "class 9", "Class 1"])[0] == ["Class 1", "class 9", "class 10"]
    assert encode(["10", "9", "9.5"])[0] == ["9", "9.5", "10"]


def test_send_to_playground_emits_the_bridge_scene(qtbot, state, monkeypatch):
    state.set_dataset(make_set())
    calls = []
    fake = types.ModuleType("contrastive_viz.core.bridge")
    fake.scene_from_embeddings = lambda *args: calls.append(args) or "SCENE"
    monkeypatch.setitem(sys.modules, "contrastive_viz.core.bridge", fake)
    with qtbot.waitSignal(state.scene_requested) as blocker:
        state.send_to_playground(1, [2, 3], [4])
    assert blocker.args == ["SCENE"]
    assert calls[0][2:] == (1, [2, 3], [4]) and calls[0][0] is state.dataset


def test_present_theme_wraps_the_toolbar_and_scales_the_legend(qtbot, state, widget):
    state.set_dataset(make_set())
    tb = widget.toolbar
    width = widget.legend.width()
    widget.apply_theme(theme.PRESENT)
    assert tb._row2.indexOf(tb.filter_edit) >= 0 and tb._row1.indexOf(tb.filter_edit) < 0
    assert widget.legend.width() > width
    assert widget.scatter.backgroundBrush().color().name() == theme.PRESENT.background
    widget.apply_theme(theme.DARK)
    assert tb._row1.indexOf(tb.filter_edit) >= 0 and widget.legend.width() == width
