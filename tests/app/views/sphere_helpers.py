"""Driving a SphereView with real mouse events on its GL window, as the app receives them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.sphere_view import SphereView
from tests.app.playground_helpers import build


def make(qtbot, scene):
    state = PlaygroundController(scene)
    view = build(SphereView, state)
    qtbot.addWidget(view)
    view.resize(600, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.gl.isExposed)
    return view, state


def move(view, pos: QPointF, buttons=Qt.LeftButton) -> None:
    """A MouseMove that carries pressed buttons (QTest.mouseMove does not in Qt 6)."""
    ev = QMouseEvent(
        QEvent.MouseMove, pos, view.gl.mapToGlobal(pos), Qt.NoButton, buttons, Qt.NoModifier
    )
    QApplication.sendEvent(view.gl, ev)


def camera(view) -> np.ndarray:
    c = view.cameraPosition()
    return np.array([c.x(), c.y(), c.z()])


def lonely_front_tip(view, state, gap=40.0) -> int:
    """The most camera-facing tip with no other tip within ``gap`` pixels."""
    dirs = state.scene.directions
    xy = np.array([[p.x(), p.y()] for p in map(view.tip_screen_pos, range(len(dirs)))])
    dist = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(dirs)) * 1e9
    facing = dirs @ camera(view)
    facing[dist.min(axis=1) < gap] = -np.inf
    return int(np.argmax(facing))


def drag(view, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press, move with the button held, release; window events carry whole pixels."""
    QTest.mousePress(view.gl, Qt.LeftButton, Qt.NoModifier, start)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        move(view, QPointF(start) + (QPointF(end) - QPointF(start)) * float(t))
    QTest.mouseRelease(view.gl, Qt.LeftButton, Qt.NoModifier, end)
