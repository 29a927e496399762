"""The probability and weight bars follow the evaluation and describe each bar."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.probability_bars import ProbabilityBars
from contrastive_viz.core import presets
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def test_bars_show_probabilities_and_weights(qtbot, state):
    bars = build(ProbabilityBars, state)
    qtbot.addWidget(bars)
    res = state.evaluation.result
    np.testing.assert_array_equal(bars.bars.opts["height"], res.probabilities)
    np.testing.assert_array_equal(bars.positive_bars.opts["height"], res.probabilities[:1])
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert list(bars.hardest_bar.opts["x"]) == [float(np.argmax(res.negative_weights))]
    assert bars.summary.text() == f"p(positive) = {res.probabilities[0]:.6g}"
    ticks = bars.plot_a.getAxis("bottom")._tickLevels[0]
    assert [t[1] for t in ticks] == ["p2", "n1", "n2", "n3", "n4", "n5"]
    state.begin_drag(3)
    state.drag_to(3, [0.0, 0.0, 1.0])
    res = state.evaluation.result
    np.testing.assert_array_equal(bars.bars.opts["height"], res.probabilities)
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert "hardest: n2" in bars.title_b.text()


def test_bars_switch_to_cosines_for_triplet(qtbot, state):
    bars = build(ProbabilityBars, state)
    qtbot.addWidget(bars)
    state.set_loss("triplet")
    res = state.evaluation.result
    assert res.probabilities is None
    np.testing.assert_array_equal(bars.bars.opts["height"], res.similarities)
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert bars.title_a.text().startswith("Cosine")
    assert bars.summary.text() == f"cos(anchor, positive) = {res.similarities[0]:.6g}"
    state.set_loss("info_nce")
    np.testing.assert_array_equal(bars.bars.opts["height"], state.evaluation.result.probabilities)


def test_bars_follow_structure_and_describe_bars(qtbot, state):
    bars = build(ProbabilityBars, state)
    qtbot.addWidget(bars)
    state.add_vector("negative", direction=[1.0, 0.0, 0.0])
    res = state.evaluation.result
    assert bars.bars.opts["height"].size == 7
    assert bars.plot_a.getAxis("bottom")._tickLevels[0][-1] == (6, "n6")
    text = bars._describe(6)
    assert "n6 (negative)" in text and f"{res.similarities[6]:.6g}" in text
    assert f"logit s/τ = {res.logits[6]:.6g}" in text
    assert f"probability p = {res.probabilities[6]:.6g}" in text
    many = PlaygroundController(presets.uniform_negatives(40))
    big = build(ProbabilityBars, many)
    qtbot.addWidget(big)
    assert big.plot_a.getAxis("bottom")._tickLevels is None  # numbers, not 41 names


def test_hovering_a_bar_shows_its_numbers(qtbot, state):
    bars = build(ProbabilityBars, state)
    qtbot.addWidget(bars)
    bars.resize(600, 500)
    bars.show()
    qtbot.waitExposed(bars)
    res = state.evaluation.result
    for plot, x, y, expected in (
        (bars.plot_a, 3, res.probabilities[3] / 2, bars._describe(3)),
        (bars.plot_b, 1, 0.01, bars._describe(2)),  # negatives only: entry 1 + P
    ):
        scene_pos = plot.plotItem.vb.mapViewToScene(QPointF(x, y))
        QTest.mouseMove(plot.viewport(), plot.mapFromScene(scene_pos))
        qtbot.waitUntil(lambda: QToolTip.text().startswith(expected), timeout=2000)  # noqa: B023
        assert QToolTip.isVisible()


def test_bars_leave_unchanged_weights_alone(qtbot, state):
    bars = build(ProbabilityBars, state)
    qtbot.addWidget(bars)
    weights, hardest = bars.weight_bars.opts["height"], bars.hardest_bar.opts["height"]
    p2 = state.scene.names.index("p2")
    state.begin_drag(p2)
    state.drag_to(p2, [0.0, 0.6, 0.8])  # the negatives' weights do not depend on p2
    assert bars.weight_bars.opts["height"] is weights
    assert bars.hardest_bar.opts["height"] is hardest
    np.testing.assert_array_equal(weights, state.evaluation.result.negative_weights)
    np.testing.assert_array_equal(bars.bars.opts["height"], state.evaluation.result.probabilities)
    state.drag_to(0, [0.0, 0.6, 0.8])  # the anchor: every weight changes
    assert bars.weight_bars.opts["height"] is not weights
    np.testing.assert_array_equal(
        bars.weight_bars.opts["height"], state.evaluation.result.negative_weights
    )
