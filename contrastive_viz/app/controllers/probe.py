"""A test probe: the window's state written to a JSON file, for tests that drive the real app.

With ``CONTRASTIVE_VIZ_PROBE=<path>`` set, :func:`install_probe` writes, every
:data:`PERIOD_MS` and only when it changed, what an outside test cannot read
from X: the window's and the screen's geometry, presentation mode, the scene's
directions, the tips' positions on the screen, every control or readout
that the window's or the screen's edge cuts off, the tab shown, the tooltip
shown and where the explorer's first points are on the screen. Tests send real input with
``xdotool`` and wait on this file (``tests/app/real_window``).
"""

from __future__ import annotations

import json
import os

import numpy as np
from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QToolTip,
    QWidget,
)

from ...core.atomic import atomic_write_text

PERIOD_MS = 100
#: What counts as a control or a readout.
CONTROLS = (QAbstractButton, QAbstractSlider, QComboBox, QLineEdit, QLabel, QGraphicsView)


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


class Probe(QObject):
    """Writes the state of ``window`` (a MainWindow) to ``path`` (see the module)."""

    def __init__(self, window: QMainWindow, path: str):
        super().__init__(window)
        self._window, self._path, self._last = window, path, ""
        self._timer = QTimer(self, interval=PERIOD_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def state(self) -> dict:
        """The window's state now (see the module)."""
        w = self._window
        screen = w.screen()
        pg, sphere = w.playground, w.sphere
        scene = pg.scene
        tips = [sphere.gl.mapToGlobal(sphere.tip_screen_pos(i)) for i in range(len(scene))]
        centre = sphere.gl.mapToGlobal(sphere.gl.screen_pos(np.zeros(3)))
        modal = QApplication.activeModalWidget()
        return {
            "pid": os.getpid(),
            "shown": w.isVisible(),
            "active": w.isActiveWindow(),
            "modal": modal.windowTitle() if modal is not None else None,
            "geometry": _rect(w.geometry()),
            "frame": _rect(w.frameGeometry()),
            "screen": _rect(screen.geometry()),
            "available": _rect(screen.availableGeometry()),
            "fullscreen": w.isFullScreen(),
            "presenting": w.present.presenting,
            "caption": w.caption.text() if w.caption.isVisible() else None,
            "splitters": [w.main_split.sizes(), w.main_split.widget(0).sizes()],
            "undo_count": pg.undo_stack.count(),
            "selected": pg.model.selected,
            "blanked": w.present.blanked,
            "title": w.windowTitle(),
            "names": list(scene.names),
            "anchor": scene.anchor_index,
            "directions": scene.directions.tolist(),
            "loss": float(pg.evaluation.result.loss),
            "tips": [[p.x(), p.y()] for p in tips],
            "sphere_centre": [centre.x(), centre.y()],
            "camera": list(sphere.cameraPosition().toTuple()),
            "clipped": self.clipped(),
            "tab": w.tabs.currentIndex(),
            "tooltip": QToolTip.text() if QToolTip.isVisible() else None,
            "points": self.points(),
        }

    def points(self, count: int = 20) -> list[list[float]]:
        """Global screen positions of the explorer's first ``count`` points (2-D view shown)."""
        w = self._window
        view, coords = w.explorer_view.scatter, w.explorer.data.coords
        if coords is None or not view.isVisible():
            return []
        vb = view.getPlotItem().getViewBox()
        out = []
        for x, y in coords[:count, :2]:
            port = view.mapFromScene(vb.mapViewToScene(QPointF(float(x), float(y))))
            g = view.viewport().mapToGlobal(port)
            out.append([g.x(), g.y()])
        return out

    def clipped(self) -> list[str]:
        """Visible controls and readouts not wholly inside the window and the screen.

        Anything inside a scrolling area is fine (it scrolls), and so is
        anything hidden (e.g. behind a tool bar's extension arrow).
        """
        w = self._window
        bounds = _global(w).intersected(w.screen().geometry())
        out = []
        for child in w.findChildren(QWidget):
            if not isinstance(child, CONTROLS) or not child.isVisible() or child.size().isEmpty():
                continue
            if _scrolls(child, w):
                continue
            if not bounds.contains(_global(child)):
                name = child.objectName() or type(child).__name__
                text = getattr(child, "text", lambda: "")()
                out.append(f"{name} {text!r} at {_rect(_global(child))}"[:120])
        return out

    def _on_timer_timeout(self) -> None:
        text = json.dumps(self.state())
        if text != self._last:
            self._last = text
            atomic_write_text(self._path, text)


def _scrolls(widget: QWidget, top: QWidget) -> bool:
    """Whether ``widget`` sits inside the viewport of a scroll area (below ``top``)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return True
        parent = area
    return False


def install_probe(window: QMainWindow) -> Probe | None:
    """A :class:`Probe` on ``window`` if ``CONTRASTIVE_VIZ_PROBE`` names a file."""
    path = os.environ.get("CONTRASTIVE_VIZ_PROBE")
    return Probe(window, path) if path else None
