"""SphereView: model edits in, GL item data and frames out; ownership, screenshots, keys."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from shiboken6 import ownedByPython

from contrastive_viz.app.controllers.exporter import grab_window
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.sphere_view import SphereView
from contrastive_viz.core import presets
from contrastive_viz.core.screen import ARROW_VERTS, choose_labels
from tests.app.playground_helpers import build
from tests.app.views.sphere_helpers import camera, lonely_front_tip, make, move


@pytest.fixture
def article(qtbot):
    return make(qtbot, presets.article_example())


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
    view, state = make(qtbot, presets.hard_negative())
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
    view, state = make(qtbot, replace(scene, features=feats))
    assert state.evaluation.original
    assert not view.force_item.visible()


def test_labels_are_limited_with_many_vectors(qtbot):
    roles = ["anchor", "positive", "positive"] + ["negative"] * 60
    assert list(choose_labels(roles)) == [0, 1, 2]
    assert list(choose_labels(roles, hovered=40, selected=7)) == [0, 1, 2, 7, 40]
    assert list(choose_labels(roles[:50], hovered=4)) == list(range(50))
    view, state = make(qtbot, presets.uniform_negatives(80))
    assert list(view.labelled()) == [0, 1]
    move(view, view.tip_screen_pos(lonely_front_tip(view, state, gap=0)), Qt.NoButton)
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
    dirs, cam = state.scene.directions, camera(view)
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
    playground = PlaygroundController(presets.article_example())
    view = build(SphereView, playground)
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
    playground = PlaygroundController(presets.article_example())
    view = build(SphereView, playground)
    view.setParent(top)
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
