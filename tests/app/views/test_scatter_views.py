"""The 2-D and 3-D scatter views: highlights, clicks, hover, decimation, grab, LOD."""

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from contrastive_viz.app.views import theme

from .. import explorer_fixtures as fx
from ..explorer_fixtures import brute_force_neighbors, make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def test_select_computes_cosine_neighbours_and_views_highlight(qtbot, model, ctl, widget):
    ds = make_set()
    ctl.set_dataset(ds)
    sel = model.selection
    order = []
    sel.selected_changed.connect(lambda _i: order.append("selection"))
    sel.neighbors_changed.connect(lambda _n: order.append("neighbors"))
    sel.select(17)
    assert order == ["selection", "neighbors"]
    idx, sims = sel.neighbors
    ref_idx, ref_sims = brute_force_neighbors(ds.vectors, 17, 10)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(sims, ref_sims, atol=1e-6)
    np.testing.assert_array_equal(widget.scatter.neighbor_item.data["data"], ref_idx)
    assert list(widget.scatter.selected_item.data["data"]) == [17]
    sel3d, nb3d = widget.scatter3d.highlighted
    assert sel3d == 17
    np.testing.assert_array_equal(nb3d, ref_idx)
    model.settings.set_k(4)
    np.testing.assert_array_equal(sel.neighbors[0], ref_idx[:4])
    assert len(widget.scatter.neighbor_item.data) == 4
    sel.select(None)
    assert sel.neighbors is None and len(widget.scatter.neighbor_item.data) == 0


def test_click_in_2d_selects_the_point_under_the_mouse(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    view, coords = widget.scatter, model.data.coords
    i = 42
    scene_pos = (
        view.getPlotItem()
        .getViewBox()
        .mapViewToScene(QPointF(float(coords[i, 0]), float(coords[i, 1])))
    )
    pos = view.mapFromScene(scene_pos)
    assert view.pick(coords[i, 0], coords[i, 1]) == i
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: model.selection.selected == i, timeout=2000)


def _show_3d(qtbot, model, widget):
    model.settings.set_dims(3)
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


def test_click_in_3d_selects_the_point_under_the_mouse(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    view = _show_3d(qtbot, model, widget)
    coords, size = model.data.coords, model.settings.point_size
    i = 7
    xy, depth = view.to_screen(coords[[i]])
    assert depth[0] > 0
    picked = view.pick(*xy[0])  # i, or a point drawn in front of it at the same spot
    pxy, _ = view.to_screen(coords[[picked]])
    assert np.hypot(*(pxy[0] - xy[0])) <= view.pick_radius + size / 2
    assert view.pick(-500.0, -500.0) is None
    pos = QPoint(round(xy[0, 0]), round(xy[0, 1]))
    QTest.mousePress(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QTest.mouseRelease(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert model.selection.selected == view.pick(pos.x(), pos.y()) is not None
    assert view.highlighted[0] == model.selection.selected


def test_3d_hover_describes_the_point_and_leave_hides_it(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    view = _show_3d(qtbot, model, widget)
    xy, _ = view.to_screen(model.data.coords)
    inside = (xy[:, 0] > 20) & (xy[:, 0] < view.width() - 20) & (xy[:, 1] > 20)
    i = int(np.flatnonzero(inside)[0])
    pos = QPointF(round(xy[i, 0]), round(xy[i, 1]))
    hit = view.pick(pos.x(), pos.y())
    _move(view, pos, Qt.MouseButton.NoButton)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert hit is not None
    assert f"<b>index</b>: {hit}<br>" in QToolTip.text()
    assert f"<b>label</b>: {model.data.label_of(hit)}" in QToolTip.text()
    assert view.gl.cursor().shape() == Qt.CursorShape.PointingHandCursor
    QApplication.sendEvent(view.gl, QEvent(QEvent.Type.Leave))  # the mouse leaves the window
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)  # hideText fades out
    assert view.gl.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_3d_decimates_while_the_camera_moves(qtbot, model, ctl, widget):
    view = widget.scatter3d
    view.decimate_above, view.decimated_size, view.idle_ms = 100, 50, 60
    ctl.set_dataset(make_set(n=300))
    view = _show_3d(qtbot, model, widget)
    assert view.subset_item.pos.shape == (50, 3) and not view.moving
    azimuth = view.opts["azimuth"]
    start, end = QPoint(200, 200), QPoint(260, 230)
    QTest.mousePress(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    _move(view, QPointF(end))
    assert view.opts["azimuth"] != azimuth  # the camera orbits
    assert view.moving and view.subset_item.visible() and not view.points_item.visible()
    QTest.mouseRelease(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert model.selection.selected is None  # a drag is not a click
    qtbot.waitUntil(lambda: not view.moving, timeout=2000)
    assert view.points_item.visible() and not view.subset_item.visible()


def test_3d_grab_is_opaque_and_shows_the_points(qtbot, model, ctl, widget):
    """Smoke test: the offscreen grab (used by exports) holds the points at full opacity."""
    ctl.set_dataset(make_set())
    model.settings.set_opacity(0.5)  # blended points must not punch holes in the grab's alpha
    view = _show_3d(qtbot, model, widget)
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


def test_2d_level_of_detail_uses_density_then_points(qtbot, model, ctl, widget):
    view = widget.scatter
    view.lod_threshold, view.max_points_in_view = 100, 60
    ctl.set_dataset(make_set(n=2000))
    coords = model.data.coords
    qtbot.waitUntil(lambda: view.mode == "density", timeout=2000)
    assert view.density_item.isVisible()
    assert view.density_item.image.shape[2] == 4 and view.density_item.image[..., 3].any()
    assert view.points_item.index.size == 0
    c = [float(v) for v in coords[5, :2]]
    vb = view.getPlotItem().getViewBox()
    vb.setRange(xRange=(c[0] - 0.05, c[0] + 0.05), yRange=(c[1] - 0.05, c[1] + 0.05), padding=0)
    qtbot.waitUntil(lambda: view.mode == "points", timeout=2000)
    assert not view.density_item.isVisible()
    shown = view.points_item.index
    assert 1 <= len(shown) <= 4 * view.max_points_in_view and 5 in shown
    assert np.all(model.style.visible_mask()[shown])
    r = vb.viewRect()
    px, py = coords[:, 0], coords[:, 1]
    in_view = (px >= r.left()) & (px <= r.right()) & (py >= r.top()) & (py <= r.bottom())
    np.testing.assert_array_equal(np.sort(view.index.in_rect(r)), np.flatnonzero(in_view))
    assert set(np.flatnonzero(in_view)) <= set(shown)  # everything in view is drawn
