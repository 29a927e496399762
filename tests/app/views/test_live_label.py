"""LiveLabel: repaints without re-laying out, shrinks to fit."""

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.live_label import LiveLabel
from contrastive_viz.core import presets
from tests.app.qt_helpers import EventCounter, hosted


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def test_live_label_repaints_without_relayout(qtbot):
    one, wrapped = LiveLabel("L = 1.05266"), LiveLabel("a line", wrap=True)
    host = hosted(qtbot, one, wrapped)
    layouts = EventCounter(host, QEvent.Type.LayoutRequest)
    paints = EventCounter(one, QEvent.Type.Paint)
    one.setText("L = 4.90687e-05")
    wrapped.setText("another line")
    QApplication.processEvents()
    assert layouts.count == 0 and paints.count == 1 and one.text() == "L = 4.90687e-05"
    one.setText("L = 4.90687e-05")  # unchanged: not even repainted
    QApplication.processEvents()
    assert paints.count == 1
    height = wrapped.height()
    wrapped.setText("a line\nand a second one")  # taller: the layout must know
    QApplication.processEvents()
    assert layouts.count >= 1 and wrapped.height() > height


def test_live_label_shrinks_to_fit_without_moving(qtbot):
    label = LiveLabel("4.90687e-05", min_scale=0.4, copyable=True)
    label.set_style("#ffffff", 72, bold=True)
    host = hosted(qtbot, label, width=700)
    height = label.height()
    assert label.shown_font().pointSizeF() == 72  # fits
    host.resize(300, 900)
    QApplication.processEvents()
    shown = label.shown_font()
    assert 0.4 * 72 <= shown.pointSizeF() < 72
    assert QFontMetrics(shown).horizontalAdvance(label.text()) <= label.width()
    assert label.height() == height and label.font().pointSizeF() == 72
    label.actions()[0].trigger()  # "Copy"
    assert QApplication.clipboard().text() == "4.90687e-05"
