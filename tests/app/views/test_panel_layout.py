"""Panels in a layout: a drag never re-lays out; present mode fits a narrow panel."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.app.views.loss_readout import LossReadout
from contrastive_viz.app.views.probability_bars import ProbabilityBars
from contrastive_viz.app.views.vector_table import VectorTable
from contrastive_viz.core import presets
from tests.app.playground_helpers import build
from tests.app.qt_helpers import EventCounter, hosted


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def test_a_drag_never_relayouts_the_panels_host(qtbot):
    st = PlaygroundController(presets.uniform_negatives(50))
    panels = [build(cls, st) for cls in (LossReadout, ProbabilityBars, LossCurve, VectorTable)]
    host = hosted(qtbot, *panels)
    layouts = EventCounter(host, QEvent.Type.LayoutRequest)
    readout, bars = panels[0], panels[1]
    texts = (readout.value_label.text(), readout.bounds_label.text(), bars.summary.text())
    i = st.scene.index("positive")[0]
    st.begin_drag(i)
    for x in np.linspace(-0.5, 0.5, 8):
        st.drag_to(i, [x, 0.3, 0.8])
        QApplication.processEvents()
    assert layouts.count == 0
    now = (readout.value_label.text(), readout.bounds_label.text(), bars.summary.text())
    assert all(a != b for a, b in zip(texts, now, strict=True))  # and every number moved
    assert readout.value_label.text() == f"{st.evaluation.result.loss:.6g}"


def test_present_readout_and_legend_fit_a_narrow_panel(qtbot, state):
    ro, lc = build(LossReadout, state), build(LossCurve, state)
    for w in (ro, lc):
        w.apply_theme(theme.PRESENT)
    host = hosted(qtbot, ro, lc, width=900)
    s = theme.PRESENT.font_scale
    assert ro.value_label.shown_font().pointSizeF() == pytest.approx(40 * s)
    assert lc._legend_size == round(9 * s)
    host.resize(520, 900)  # a right panel on a projector
    QApplication.processEvents()
    value = ro.value_label
    assert QFontMetrics(value.shown_font()).horizontalAdvance(value.text()) <= value.width()
    assert value.shown_font().pointSizeF() < 40 * s
    assert lc._legend_size < round(9 * s)
    bounds = ro.bounds_label
    advance = QFontMetrics(bounds.shown_font()).horizontalAdvance
    assert max(map(advance, bounds.text().split("\n"))) <= bounds.width()  # shrunk, unwrapped
