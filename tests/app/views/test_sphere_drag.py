"""SphereView: real mouse events in (drags, hover, double-click), model edits out.

Mouse events go to the native GL window ``view.gl`` (a QOpenGLWindow in a
container), as they do in the app.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from contrastive_viz.core import presets
from contrastive_viz.core.scene import evaluate
from contrastive_viz.core.sphere import ray_sphere
from tests.app.views.sphere_helpers import camera, drag, lonely_front_tip, make, move


@pytest.fixture
def article(qtbot):
    return make(qtbot, presets.article_example())


def test_drag_moves_the_tip_under_the_cursor_as_one_undo_step(article):
    view, state = article
    i = lonely_front_tip(view, state)
    before = state.scene
    loss_before = state.evaluation.result.loss
    steps_before = state.undo_stack.count()
    clicked = []
    view.vector_clicked.connect(clicked.append)
    tip = view.tip_screen_pos(i)
    start = tip.toPoint()
    end = start + ((QPointF(300, 300) - tip) * 0.3).toPoint()  # towards the disc's middle
    drag(view, start, end)

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
    drag(view, start, QPoint(120, 40))
    np.testing.assert_array_equal(state.scene.directions, before)
    assert state.undo_stack.count() == steps
    assert view.opts["azimuth"] != azimuth


def test_drag_off_the_silhouette_stays_on_the_sphere(article):
    view, state = article
    i = lonely_front_tip(view, state)
    tip = view.tip_screen_pos(i)
    start = tip.toPoint()
    end = QPoint(3, 300)  # far outside the sphere's disc
    drag(view, start, end)
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
    assert hit and front @ (camera(view) - front) > 0 > back @ (camera(view) - back)
    n1, n2 = state.scene.names.index("n1"), state.scene.names.index("n2")
    state.set_direction(n2, back)
    state.set_direction(n1, front)
    assert view.pick_at(spot) == n1
    state.set_direction(n1, -front)  # out of reach: now the back tip can be grabbed
    assert view.pick_at(spot) == n2
    grabbed = []
    view.vector_clicked.connect(grabbed.append)
    pos = view.tip_screen_pos(n2)
    drag(view, pos.toPoint(), pos.toPoint() + QPoint(15, 10))
    assert grabbed == [n2]
    moved = state.scene.directions[n2]
    assert moved @ (camera(view) - moved) < 0  # still on the back of the sphere
    assert not np.allclose(moved, back)


def test_hover_highlights_the_tip_under_the_cursor(article):
    view, state = article
    i = lonely_front_tip(view, state)
    seen = []
    view.hovered.connect(seen.append)
    move(view, view.tip_screen_pos(i), Qt.NoButton)
    assert view.hovered_index == i and seen == [i]
    sizes = view.tip_item.size
    assert sizes[i] > np.delete(sizes, i).max()
    assert view.gl.cursor().shape() == Qt.OpenHandCursor
    assert i in view.labelled()
    move(view, QPointF(10, 10), Qt.NoButton)
    assert view.hovered_index == -1 and seen == [i, -1]
    assert view.gl.cursor().shape() == Qt.ArrowCursor
    move(view, view.tip_screen_pos(i), Qt.NoButton)
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


def _back(view, state, i) -> bool:
    d = state.scene.directions[i]
    return bool(d @ (camera(view) - d) < 0)


def test_a_back_negative_dragged_over_the_rim_onto_the_anchor_becomes_hard(article):
    view, state = article
    n2, a = state.scene.names.index("n2"), state.scene.anchor_index
    assert _back(view, state, n2)
    loss_before = state.evaluation.result.loss
    centre = project_origin(view)
    start = view.tip_screen_pos(n2)
    out = centre + (start - centre) * 3.0  # beyond the silhouette
    target = view.tip_screen_pos(a)
    QTest.mousePress(view.gl, Qt.LeftButton, Qt.NoModifier, start.toPoint())
    for t in np.linspace(0, 1, 13)[1:]:
        move(view, start + (out - start) * float(t))
    assert not _back(view, state, n2)  # slid along the rim, now on the front
    for t in np.linspace(0, 1, 13)[1:]:
        move(view, out + (target - out) * float(t))
        assert view.gl.card_rect is None or not view.gl.card_rect.contains(view.tip_screen_pos(n2))
    QTest.mouseRelease(view.gl, Qt.LeftButton, Qt.NoModifier, target.toPoint())
    cos = state.scene.directions[n2] @ state.scene.directions[a]
    assert cos > 0.95
    assert state.evaluation.result.loss > loss_before
    assert state.undo_stack.count() == 1


def test_a_front_tip_dragged_straight_stays_on_the_front(article):
    view, state = article
    i = state.scene.names.index("n1")
    cam = camera(view) / np.linalg.norm(camera(view))
    state.set_direction(i, cam + [0.4, -0.3, 0.2])
    assert not _back(view, state, i)
    centre = project_origin(view)
    tip = view.tip_screen_pos(i)
    drag(view, tip.toPoint(), (centre + (centre - tip) * 0.8).toPoint(), steps=12)
    assert not _back(view, state, i)
    assert state.scene.directions[i] @ cam > 0.3


def project_origin(view) -> QPointF:
    from contrastive_viz.core.screen import project

    xy, _ = project(np.zeros(3), view.gl._mvp(), view.gl.width(), view.gl.height())
    return QPointF(*xy[0])
