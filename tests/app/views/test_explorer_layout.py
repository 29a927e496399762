"""The explorer in the real main window at 1280×800: what is seen without scrolling."""

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example

from ..explorer_fixtures import make_set


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.tabs.setCurrentIndex(1)
    qtbot.waitExposed(w)
    return w


def _seen(widget) -> QRect:
    """The part of ``widget`` (in its own coordinates) inside every ancestor: a scroll
    area's viewport clips what would need scrolling, the window what is off it."""
    seen, parent = widget.rect(), widget.parentWidget()
    while parent is not None:
        seen = seen.intersected(QRect(widget.mapFrom(parent, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return seen


def test_supcon_chart_is_seen_without_scrolling_at_1280x800(qtbot, window):
    window.explorer_controller.set_dataset(make_set())
    qtbot.waitUntil(lambda: window.explorer_controller.metrics.summary is not None, timeout=5000)
    QApplication.processEvents()
    plot = window.dataset_panel.plot
    assert plot.isVisible() and plot.height() >= 140
    assert _seen(plot) == plot.rect(), (_seen(plot), plot.rect())
