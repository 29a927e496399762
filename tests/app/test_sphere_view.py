"""SphereView: real mouse events in, model edits out; model edits in, GL item data out.

Mouse events go to the native GL window ``view.gl`` (a QOpenGLWindow in a
container), as they do in the app.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget
from shiboken6 import ownedByPython

from contrastive_viz.app.exporter import grab_window
from contrastive_viz.app.state import PlaygroundState
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.sphere_view import SphereView
from contrastive_viz.core import presets
from contrastive_viz.core.scene import evaluate
from contrastive_viz.core.screen import ARROW_VERTS, choose_labels
from contrastive_viz.core.sphere import ray_sphere


def _make(qtbot, scene):
    state = PlaygroundState(scene)
    view = SphereView(state)
    qtbot.addWidget(view)
    view.resize(600, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.gl.isExposed)
    return view, state


@pytest.fixture
def article(qtbot):
    return _make(qtbot, presets.article_example())


def _move(view, pos: QPointF, buttons=Qt.LeftButton) -> None:
    """A MouseMove that carries pressed buttons (QTest.mouseMove does not in Qt 6)."""
    ev = QMouseEvent(
        QEvent.MouseMove, pos, view.gl.mapToGlobal(pos), Qt.NoButton, buttons, Qt.NoModifier
    )
    QApplication.sendEvent(view.gl, ev)


def _camera(view) -> np.ndarray:
    c = view.cameraPosition()
    return np.array([c.x(), c.y(), c.z()])


def _lonely_front_tip(view, state, gap=40.0) -> int:
    """The most camera-facing tip with no other tip within ``gap`` pixels."""
    dirs = state.scene.directions
    xy = np.array([[p.x(), p.y()] for p in map(view.tip_screen_pos, range(len(dirs)))])
    dist = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(dirs)) * 1e9
    facing = dirs @ _camera(view)
    facing[dist.min(axis=1) < gap] = -np.inf
    return int(np.argmax(facing))


def _drag(view, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press, move with the button held, release; window events carry whole pixels."""
    QTest.mousePress(view.gl, Qt.LeftButton, Qt.NoModifier, start)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        _move(view, QPointF(start) + (QPointF(end) - QPointF(start)) * float(t))
    QTest.mouseRelease(view.gl, Qt.LeftButton, Qt.NoModifier, end)


def test_drag_moves_the_tip_under_the_cursor_as_one_undo_step(article):
    view, state = article
    i = _lonely_front_tip(view, state)
    before = state.scene
    loss_before = state.evaluation.result.loss
    steps_before = state.undo_stack.count()
    clicked = []
    view.vector_clicked.connect(clicked.append)
    tip = view.tip_screen_pos(i)
    start = tip.toPoint()
    end = start + ((QPointF(300, 300) - tip) * 0.3).toPoint()  # towards the disc's middle
    _drag(view, start, end)

    assert clicked == [i]
    moved = state.scene.directions[i]
    assert abs(np.linalg.norm(moved) - 1.0) < 1e-12
    # the grabbed tip follows the cursor exactly (the grab offset is kept)
    now = view.tip_screen_pos(i)
    target = tip + QPointF(end - start)
    assert abs(now.x() - target.x()) < 0.05 and abs(now.y() - target.y()) < 0.05
    others = [k for k in range(len(before)) if k != i]
    np.testing.assert_array_equal(state.scene.directions[others], before.directions[others])
    expected = evaluate(state.scene)
    assert state.evaluation.result.loss == expected.result.loss
    np.testing.assert_array_equal(state.evaluation.cosines, expected.cosines)
    assert state.evaluation.result.loss != loss_before
    assert state.undo_stack.count() == steps_before + 1
    state.undo_stack.undo()
    np.testing.assert_array_equal(state.scene.directions[i], before.directions[i])
    np.testing.assert_allclose(view.tip_item.pos, before.directions, atol=1e-7)


def test_press_away_from_tips_orbits_and_moves_nothing(article):
    view, state = article
    before, steps = state.scene.directions.copy(), state.undo_stack.count()
    azimuth = view.opts["azimuth"]
    start = QPoint(20, 20)
    assert view.pick_at(QPointF(start)) == -1
    _drag(view, start, QPoint(120, 40))
    np.testing.assert_array_equal(state.scene.directions, before)
    assert state.undo_stack.count() == steps
    assert view.opts["azimuth"] != azimuth


def test_drag_off_the_silhouette_stays_on_the_sphere(article):
    view, state = article
    i = _lonely_front_tip(view, state)
    tip = view.tip_screen_pos(i)
    start = tip.toPoint()
    end = QPoint(3, 300)  # far outside the sphere's disc
    _drag(view, start, end)
    moved = state.scene.directions[i]
    assert abs(np.linalg.norm(moved) - 1.0) < 1e-12
    point, hit = ray_sphere(*view.ray_at(QPointF(end) + (tip - QPointF(start))))
    assert not hit
    np.testing.assert_allclose(moved, point, atol=1e-12)
    assert state.undo_stack.count() == 1


def test_front_tip_wins_over_a_back_tip_and_back_drags_stay_behind(article):
    view, state = article
    spot = QPointF(330, 280)
    origin, d = view.ray_at(spot)
    front, hit = ray_sphere(origin, d)
    back, _ = ray_sphere(origin + d * 20, -d)
    assert hit and front @ (_camera(view) - front) > 0 > back @ (_camera(view) - back)
    n1, n2 = state.scene.names.index("n1"), state.scene.names.index("n2")
    state.set_direction(n2, back)
    state.set_direction(n1, front)
    assert view.pick_at(spot) == n1
    state.set_direction(n1, -front)  # out of reach: now the back tip can be grabbed
    assert view.pick_at(spot) == n2
    grabbed = []
    view.vector_clicked.connect(grabbed.append)
    pos = view.tip_screen_pos(n2)
    _drag(view, pos.toPoint(), pos.toPoint() + QPoint(15, 10))
    assert grabbed == [n2]
    moved = state.scene.directions[n2]
    assert moved @ (_camera(view) - moved) < 0  # still on the back of the sphere
    assert not np.allclose(moved, back)


def test_hover_highlights_the_tip_under_the_cursor(article):
    view, state = article
    i = _lonely_front_tip(view, state)
    seen = []
    view.hovered.connect(seen.append)
    _move(view, view.tip_screen_pos(i), Qt.NoButton)
    assert view.hovered_index == i and seen == [i]
    sizes = view.tip_item.size
    assert sizes[i] > np.delete(sizes, i).max()
    assert view.gl.cursor().shape() == Qt.OpenHandCursor
    assert i in view.labelled()
    _move(view, QPointF(10, 10), Qt.NoButton)
    assert view.hovered_index == -1 and seen == [i, -1]
    assert view.gl.cursor().shape() == Qt.ArrowCursor
    _move(view, view.tip_screen_pos(i), Qt.NoButton)
    QApplication.sendEvent(view.gl, QEvent(QEvent.Leave))  # the mouse leaves the window
    assert view.hovered_index == -1 and seen == [i, -1, i, -1]


def test_double_click_on_the_sphere_adds_a_negative_there(article):
    view, state = article
    tips = np.array([[p.x(), p.y()] for p in map(view.tip_screen_pos, range(len(state.scene)))])
    grid = [QPointF(x, y) for x in range(150, 460, 20) for y in range(150, 460, 20)]
    spot = max(grid, key=lambda q: np.min(np.hypot(*(tips - [q.x(), q.y()]).T)))
    point, hit = ray_sphere(*view.ray_at(spot))
    assert hit
    n = len(state.scene)
    QTest.mouseDClick(view.gl, Qt.LeftButton, Qt.NoModifier, spot.toPoint())
    assert len(state.scene) == n + 1
    assert state.scene.roles[-1] == "negative"
    np.testing.assert_allclose(state.scene.directions[-1], point, atol=1e-12)
    assert len(view.tip_item.pos) == n + 1
    np.testing.assert_allclose(view.tip_item.pos, state.scene.directions, atol=1e-7)


def test_model_edits_update_the_gl_items(article):
    view, state = article
    assert state.set_direction(3, [1.0, 2.0, -2.0])
    np.testing.assert_allclose(view.tip_item.pos[3], [1 / 3, 2 / 3, -2 / 3], atol=1e-7)
    np.testing.assert_allclose(view.tip_item.pos, state.scene.directions, atol=1e-7)
    shafts = view.arrow_item.pos.reshape(-1, ARROW_VERTS, 3)
    assert len(shafts) == len(state.scene)
    np.testing.assert_allclose(shafts[:, 0], 0.0)
    # each shaft runs along its vector (ending just before the tip's dot)
    along = shafts[:, 1] / np.linalg.norm(shafts[:, 1], axis=1, keepdims=True)
    np.testing.assert_allclose(along, state.scene.directions, atol=1e-6)


def test_gradient_arrows_follow_minus_grad_and_show_forces(qtbot):
    view, state = _make(qtbot, presets.hard_negative())
    grad = state.evaluation.result.grad_anchor
    arrows = view.force_item.pos.reshape(-1, ARROW_VERTS, 3)
    assert len(arrows) == 1 and view.force_item.visible()
    shaft = arrows[0, 1] - arrows[0, 0]
    np.testing.assert_allclose(arrows[0, 0], state.scene.directions[state.scene.anchor_index])
    cos = shaft @ -grad / (np.linalg.norm(shaft) * np.linalg.norm(grad))
    assert cos > 0.9999
    view.show_forces = True
    arrows = view.force_item.pos.reshape(-1, ARROW_VERTS, 3)
    assert len(arrows) == 1 + len(state.evaluation.order)
    k = 1 + state.evaluation.order.index(state.scene.names.index("n1"))
    np.testing.assert_allclose(arrows[k, 0], state.scene.directions[state.scene.names.index("n1")])


def test_no_gradient_arrow_when_numbers_are_from_original_features(qtbot):
    scene = presets.article_example()
    rng = np.random.default_rng(0)
    feats = tuple(rng.normal(size=8) for _ in range(len(scene)))
    view, state = _make(qtbot, replace(scene, features=feats))
    assert state.evaluation.original
    assert not view.force_item.visible()


def test_labels_are_limited_with_many_vectors(qtbot):
    roles = ["anchor", "positive", "positive"] + ["negative"] * 60
    assert list(choose_labels(roles)) == [0, 1, 2]
    assert list(choose_labels(roles, hovered=40, selected=7)) == [0, 1, 2, 7, 40]
    assert list(choose_labels(roles[:50], hovered=4)) == list(range(50))
    view, state = _make(qtbot, presets.uniform_negatives(80))
    assert list(view.labelled()) == [0, 1]
    _move(view, view.tip_screen_pos(_lonely_front_tip(view, state, gap=0)), Qt.NoButton)
    assert view.hovered_index >= 2 and view.hovered_index in view.labelled()
    image = view.grabFramebuffer()  # paints the labels without error
    assert image.size() == view.size() * image.devicePixelRatio()


def test_apply_theme_restyles_and_tips_behind_the_sphere_fade(article):
    view, state = article
    view.apply_theme(theme.PRESENT)
    assert view.opts["bgcolor"][:3] == (0.0, 0.0, 0.0)
    assert view.gl._overlay.font.pointSizeF() == pytest.approx(10.5 * 1.8)
    view.apply_theme(theme.LIGHT)
    view.reset_camera()  # azimuth 45°: some negatives in front, some behind
    dirs, cam = state.scene.directions, _camera(view)
    front = np.einsum("ij,ij->i", dirs, cam - dirs) > 0
    neg = np.array(state.scene.roles) == "negative"
    assert (front & neg).any() and (~front & neg).any()
    red = np.array([0xD3, 0x2F, 0x2F]) / 255  # theme.LIGHT.negative
    colors = view.tip_item.color[:, :3]
    np.testing.assert_allclose(
        colors[front & neg], np.tile(red, ((front & neg).sum(), 1)), atol=1e-6
    )
    assert (colors[~front & neg].mean(axis=1) > red.mean() + 0.2).all()  # towards the white


def test_a_state_change_renders_one_frame_on_demand(article):
    view, state = article
    view.render_now()
    assert not view.render_now()  # nothing pending: nothing drawn
    state.set_temperature(0.5)
    view.grabFramebuffer()  # an offscreen grab does not replace the pending frame
    assert view.render_now()
    assert not view.render_now()


def test_the_gl_window_is_owned_by_its_container(article):
    view, _ = article
    # PySide must not delete the window before its container at exit (Qt crashes)
    assert not ownedByPython(view.gl)
    assert view.gl.host() is view.container and view.focusProxy() is view.container


def test_window_screenshot_composites_the_sphere(qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    row = QHBoxLayout(top)
    view = SphereView(PlaygroundState(presets.article_example()))
    row.addWidget(QLabel("beside the sphere"))
    row.addWidget(view)
    top.resize(800, 500)
    top.show()
    qtbot.waitExposed(top)
    qtbot.waitUntil(view.gl.isExposed)
    shot = grab_window(top)
    at = view.mapTo(top, QPoint(0, 0))
    frame = view.grabFramebuffer().convertToFormat(shot.format())
    assert shot.copy(at.x(), at.y(), view.width(), view.height()) == frame


def test_window_shortcuts_fire_while_the_gl_window_has_focus(qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    view = SphereView(PlaygroundState(presets.article_example()), top)
    fired = []
    for key in ("Right", "Space"):
        QShortcut(QKeySequence(key), top).activated.connect(lambda k=key: fired.append(k))
    top.resize(500, 500)
    top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    qtbot.waitActive(top)
    view.setFocus()
    assert top.focusWidget() is view.container
    view.gl.requestActivate()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is view.gl)
    QTest.keyClick(view.gl, Qt.Key_Right)
    QTest.keyClick(view.gl, Qt.Key_Space)
    assert fired == ["Right", "Space"]
