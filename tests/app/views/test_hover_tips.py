"""Hover tooltips of the 2-D and 3-D scatters with real mouse events, in an active window.

They used to vanish: the 2-D view's scene hid every tooltip at Qt's own
tooltip time, and coming back to a point within Qt's 300 ms fade lost it.
The 2-D test moves the real pointer (``QCursor.setPos``: X motion events).
"""

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QCursor, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from .. import explorer_fixtures as fx
from ..explorer_fixtures import make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures


def _activate(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=3000)


def _empty_spot(pick, width, height) -> QPoint:
    for y in range(10, height - 10, 7):
        for x in range(10, width - 10, 7):
            if pick(x, y) is None:
                return QPoint(x, y)
    raise AssertionError("no empty spot")


def _gone(qtbot) -> None:
    """No tooltip is left for the next test."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def _stays(qtbot, text: str, ms: int = 1500) -> None:
    """The tooltip shows ``text`` for ``ms`` (past Qt's tooltip wake-up and fade times)."""
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    for _ in range(ms // 100):
        QTest.qWait(100)
        assert QToolTip.isVisible() and text in QToolTip.text()


def test_2d_tooltip_stays_while_the_mouse_rests_and_comes_back(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    _activate(qtbot, widget)
    view, coords = widget.scatter, model.data.coords
    vb = view.getPlotItem().getViewBox()

    def to_port(i) -> QPoint:
        scene = vb.mapViewToScene(QPointF(float(coords[i, 0]), float(coords[i, 1])))
        return view.mapFromScene(scene)

    def pick_port(x, y):
        p = vb.mapSceneToView(view.mapToScene(QPoint(x, y)))
        return view.pick(p.x(), p.y())

    port = view.viewport()
    _gone(qtbot)

    def move(p: QPoint) -> None:
        QTest.qWait(30)  # pyqtgraph drops a move within 10 ms of the last (mouseRateLimit)
        QCursor.setPos(port.mapToGlobal(p))
        to = view.mapToScene(p)

        def arrived():
            at = view._hover_pos
            return at is not None and (at - to).manhattanLength() < 2

        qtbot.waitUntil(arrived, timeout=2000)

    i = 42
    move(to_port(i) + QPoint(0, 30))
    move(to_port(i))
    text = f"<b>index</b>: {pick_port(to_port(i).x(), to_port(i).y())}<br>"
    _stays(qtbot, text)
    empty = _empty_spot(pick_port, port.width(), port.height())
    move(empty)
    qtbot.waitUntil(lambda: not view.tip.shown, timeout=1000)
    QTest.qWait(60)
    move(to_port(i))  # back within Qt's fade-out
    _stays(qtbot, text, 800)
    QCursor.setPos(0, 0)
    _gone(qtbot)


def _move(view, pos: QPointF) -> None:
    ev = QMouseEvent(
        QEvent.Type.MouseMove, pos, view.gl.mapToGlobal(pos),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(view.gl, ev)


def test_3d_tooltip_stays_and_comes_back_after_leaving_the_point(qtbot, model, ctl, widget):
    ctl.set_dataset(make_set())
    model.settings.set_dims(3)
    view = widget.scatter3d
    qtbot.waitUntil(view.gl.isExposed)
    _activate(qtbot, widget)
    _gone(qtbot)
    xy, _ = view.to_screen(model.data.coords)
    inside = (xy[:, 0] > 20) & (xy[:, 0] < view.width() - 20) & (xy[:, 1] > 20)
    i = int(np.flatnonzero(inside)[0])
    on = QPointF(round(xy[i, 0]), round(xy[i, 1]))
    hit = view.gl.pick(on.x(), on.y())
    text = f"<b>index</b>: {hit}<br>"
    _move(view, on)
    _stays(qtbot, text)
    empty = _empty_spot(view.gl.pick, view.width(), view.height())
    _move(view, QPointF(empty))
    qtbot.waitUntil(lambda: not view.gl.point_tip().shown, timeout=1000)
    QTest.qWait(60)
    _move(view, on)  # back within Qt's fade-out
    _stays(qtbot, text, 800)
    _move(view, QPointF(empty))
    _gone(qtbot)
