"""The 3-D scatter's camera: the cloud fills the view, far points fade, a calm orbit."""

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.views import theme
from contrastive_viz.app.views.scatter3d_camera import FOG, ORBIT_DEG_PER_PX
from contrastive_viz.app.views.scatter3d_overlay import rgbf

from .. import explorer_fixtures as fx
from ..explorer_fixtures import make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def _show_3d(qtbot, model, widget):
    model.settings.set_dims(3)
    view = widget.scatter3d
    qtbot.waitUntil(view.gl.isExposed)
    return view


def _extent(view, coords) -> tuple[float, float, np.ndarray, np.ndarray]:
    xy, depth = view.to_screen(coords)
    assert (depth > 0).all()
    lo, hi = np.percentile(xy, [1, 99], axis=0)
    return (hi[0] - lo[0]) / view.width(), (hi[1] - lo[1]) / view.height(), lo, hi


def test_the_fitted_cloud_fills_the_view_and_refits_on_resize(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set(n=600))
    view = _show_3d(qtbot, model, widget)
    coords = model.data.coords
    fx_, fy, lo, hi = _extent(view, coords)
    assert max(fx_, fy) >= 0.6, (fx_, fy)  # it filled about a third before
    assert lo.min() >= 0 and hi[0] <= view.width() and hi[1] <= view.height()
    old = view.size()
    widget.resize(1000, 1000)  # a taller view: the fit follows while the user has not moved
    qtbot.waitUntil(lambda: view.gl.size() != old)
    fx_, fy, lo, hi = _extent(view, coords)
    assert max(fx_, fy) >= 0.6 and lo.min() >= 0 and hi[0] <= view.width()


def test_far_points_fade_towards_the_background(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    model.settings.set_color_by(None)  # one colour: the fade alone tells them apart
    view = _show_3d(qtbot, model, widget)
    view.gl.render_now()
    coords = model.data.coords
    eye = np.array(view.gl.cameraPosition().toTuple())
    dist = np.linalg.norm(coords - eye, axis=1)
    near, far = int(dist.argmin()), int(dist.argmax())
    shown = np.asarray(view.points_item.color)
    base = model.style.colors.rgba[near, :3] / 255
    np.testing.assert_allclose(shown[near, :3], base, atol=1e-5)
    bg = np.array(rgbf(theme.palette().background)[:3])
    np.testing.assert_allclose(shown[far, :3], (1 - FOG) * base + FOG * bg, atol=1e-5)
    assert np.abs(shown[far, :3] - base).max() > 0.2


def test_orbit_turns_gently_and_refreshes_the_fade(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    view = _show_3d(qtbot, model, widget)
    view.gl.render_now()
    before = np.asarray(view.points_item.color).copy()
    azimuth = view.opts["azimuth"]
    start = QPoint(200, 200)
    QTest.mousePress(view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    pos = QPointF(300, 200)
    move = QMouseEvent(
        QEvent.Type.MouseMove, pos, view.gl.mapToGlobal(pos),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(view.gl, move)
    QTest.mouseRelease(
        view.gl, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos.toPoint()
    )
    assert abs(abs(view.opts["azimuth"] - azimuth) - 100 * ORBIT_DEG_PER_PX) < 1e-6
    assert not np.allclose(np.asarray(view.points_item.color), before)  # new depths, new fade
    assert not view.gl.camera.auto  # a resize no longer refits: the user chose this view
