"""The loss curve (fed by its controller) and its clicks."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.core import presets
from contrastive_viz.core.bounds import softmax_bounds
from contrastive_viz.core.losses import temperature_sweep
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def test_curve_equals_the_sweep_and_marks_tau(qtbot, state):
    lc = build(LossCurve, state)
    qtbot.addWidget(lc)
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.xData, np.log10(lc.taus))  # view coordinates
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))
    np.testing.assert_allclose(lc.best.yData, softmax_bounds(5, lc.taus)["best"])
    assert list(lc.chance.yData) == [math.log(6)] * 2
    assert lc.marker_line.value() == pytest.approx(math.log10(0.07))
    assert lc.marker.pos().y() == res.loss
    assert lc.marker.pos().x() == pytest.approx(math.log10(0.07))
    state.set_temperature(0.5)
    assert lc.marker_line.value() == pytest.approx(math.log10(0.5))
    assert lc.marker.pos().x() == pytest.approx(math.log10(0.5))
    assert lc.marker.pos().y() == state.evaluation.result.loss
    state.begin_drag(0)
    state.drag_to(0, [0.0, 1.0, 0.0])
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))


def test_curve_with_many_negatives_catches_up_after_a_drag(qtbot):
    st = PlaygroundController(presets.uniform_negatives(400))
    lc = build(LossCurve, st)
    qtbot.addWidget(lc)
    st.begin_drag(0)
    for x in (0.1, 0.2, 0.3):
        st.drag_to(0, [x, 0.0, 1.0])
        assert lc.marker.pos().y() == st.evaluation.result.loss  # the dot is always exact
    sims = st.evaluation.result.similarities
    qtbot.waitUntil(lambda: np.array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus)))
    st.drag_to(0, [0.4, 0.0, 1.0])
    st.end_drag()
    sims = st.evaluation.result.similarities
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus))


def test_clicking_the_curve_sets_tau(qtbot, state):
    lc = build(LossCurve, state)
    qtbot.addWidget(lc)
    lc.resize(600, 400)
    lc.show()
    qtbot.waitExposed(lc)
    vb = lc.plot.plotItem.vb
    scene_pos = vb.mapViewToScene(QPointF(math.log10(0.5), 1.0))
    view_pos = lc.plot.mapFromScene(scene_pos)
    QTest.mouseClick(lc.plot.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert state.scene.temperature == pytest.approx(0.5, rel=0.03)
    assert state.undo_stack.count() == 1
    assert not lc.set_temperature_at(QPointF(-100.0, -100.0))  # outside the plot
    assert state.undo_stack.count() == 1


def test_curve_shows_a_message_for_margin_losses(qtbot, state):
    lc = build(LossCurve, state)
    qtbot.addWidget(lc)
    state.set_loss("triplet")
    assert lc._stack.currentWidget() is lc.message
    assert lc.message.text() == "This loss has no temperature; margin = 0.2"
    state.set_loss("info_nce")
    assert lc._stack.currentWidget() is lc.plot
