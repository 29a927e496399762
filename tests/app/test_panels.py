"""The playground's numeric panels: model -> widget and widget -> model."""

import math
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from contrastive_viz.app import theme
from contrastive_viz.app.state import PlaygroundState
from contrastive_viz.app.views import temperature_control as tc
from contrastive_viz.app.views.loss_chooser import LossChooser
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.app.views.loss_readout import LossReadout
from contrastive_viz.app.views.probability_bars import ProbabilityBars
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.core import presets
from contrastive_viz.core.bounds import mutual_information_bound, softmax_bounds
from contrastive_viz.core.losses import temperature_sweep
from contrastive_viz.core.scene import Scene


@pytest.fixture
def state():
    return PlaygroundState(presets.article_example())


def _features_scene() -> Scene:
    base = presets.article_example()
    rng = np.random.default_rng(3)
    feats = tuple(rng.normal(size=8) for _ in range(len(base)))
    return replace(base, features=feats)


# ------------------------------------------------------------- temperature


def _type(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typing_a_temperature_sets_it(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    _type(qtbot, ctrl.field, "0.5")
    assert state.scene.temperature == 0.5
    assert state.undo_stack.count() == 1
    assert ctrl.slider.value() == tc._tau_to_step(0.5)


@pytest.mark.parametrize("text", ["abc", "0", "-1", "1e9", "nan", "inf", "", "1.00001e4"])
def test_invalid_temperatures_are_refused(qtbot, state, text):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    with qtbot.waitSignal(ctrl.refused, timeout=1000) as blocker:
        _type(qtbot, ctrl.field, text)
    assert blocker.args[0]
    assert state.scene.temperature == 0.07
    assert state.undo_stack.count() == 0
    assert ctrl.field.text() == "0.07"
    assert ctrl._message.text() == blocker.args[0]
    assert ctrl.field.property("refused") and ctrl._timer.isActive()
    _type(qtbot, ctrl.field, "0.2")  # a good value clears the refusal
    assert state.scene.temperature == 0.2 and not ctrl.field.property("refused")
    assert ctrl._message.text() == ""


def test_typed_value_outside_the_slider_is_not_clamped(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    _type(qtbot, ctrl.field, "1e-3")
    assert state.scene.temperature == 1e-3
    assert ctrl.slider.value() == ctrl.slider.minimum()
    assert ctrl.field.text() == "0.001"
    _type(qtbot, ctrl.field, "1e4")
    assert state.scene.temperature == 1e4
    assert ctrl.slider.value() == ctrl.slider.maximum()
    assert state.undo_stack.count() == 2


def test_slider_sets_temperature_on_a_log_scale(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    ctrl.slider.setValue(tc.STEPS)
    assert state.scene.temperature == 10.0
    ctrl.slider.setValue(0)
    assert state.scene.temperature == 0.01
    ctrl.slider.setValue(tc.STEPS // 2)
    assert state.scene.temperature == pytest.approx(10**-0.5, rel=1e-3)
    assert ctrl.field.text() == f"{state.scene.temperature:.6g}"
    assert state.undo_stack.count() == 3


def test_slider_drag_is_live_and_one_undo_step(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    ctrl.slider.setSliderDown(True)
    seen = []
    for step in (100, 200, 300):
        ctrl.slider.setValue(step)
        seen.append(state.scene.temperature)
    ctrl.slider.setSliderDown(False)
    assert seen == [tc._step_to_tau(s) for s in (100, 200, 300)]
    assert state.undo_stack.count() == 1
    state.undo_stack.undo()
    assert state.scene.temperature == 0.07
    assert ctrl.field.text() == "0.07" and ctrl.slider.value() == tc._tau_to_step(0.07)


def test_state_updates_widgets_without_feedback(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    assert state.set_temperature(2.0)
    assert ctrl.field.text() == "2"
    assert ctrl.slider.value() == tc._tau_to_step(2.0)
    assert state.undo_stack.count() == 1
    assert state.scene.temperature == 2.0
    state.undo_stack.undo()
    assert ctrl.field.text() == "0.07" and state.undo_stack.index() == 0


def test_step_mapping_round_trips():
    for step in (0, 1, 250, 999, tc.STEPS):
        assert tc._tau_to_step(tc._step_to_tau(step)) == step
    assert tc._tau_to_step(1e-4) == 0 and tc._tau_to_step(1e4) == tc.STEPS


# ---------------------------------------------------------------- readout


def test_readout_shows_the_loss_and_bounds(qtbot, state):
    ro = LossReadout(state)
    qtbot.addWidget(ro)
    assert ro.value_label.text() == "4.90687e-05"
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert ro.name_label.text() == "InfoNCE"
    b = softmax_bounds(5, 0.07)
    text = ro.bounds_label.text()
    assert f"log(K+1) = log(6) = {b['all_equal']:.6g}" in text
    assert f"log(1 + K·e^(−2/τ)) = {b['best']:.6g}" in text
    mi = mutual_information_bound(5, state.evaluation.result.loss)
    assert f"I ≥ log(K+1) − L = {mi:.6g} nats" in text
    assert ro.original_label.isHidden() and ro.note_label.isHidden()
    state.set_temperature(1.0)
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert f"{softmax_bounds(5, 1.0)['best']:.6g}" in ro.bounds_label.text()


def test_readout_original_space_and_notes(qtbot):
    st = PlaygroundState(_features_scene())
    ro = LossReadout(st)
    qtbot.addWidget(ro)
    assert st.evaluation.original
    assert not ro.original_label.isHidden()
    assert "original 8-D space" in ro.original_label.text()
    st.edit_vector(2, role="positive")  # two positives: InfoNCE ignores one
    assert not ro.note_label.isHidden()
    assert ro.note_label.text() == st.evaluation.note != ""
    st.set_loss("supcon")
    b = softmax_bounds(4, 0.07, n_positives=2)
    assert f"log(P+K) = log(6) = {b['all_equal']:.6g}" in ro.bounds_label.text()
    assert "I ≥" not in ro.bounds_label.text()


def test_readout_margin_losses(qtbot, state):
    ro = LossReadout(state)
    qtbot.addWidget(ro)
    state.set_loss("triplet")
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert "margin m = 0.2" in ro.bounds_label.text()
    assert ro._bar.isHidden()
    ro.apply_theme(theme.PRESENT)
    assert ro.value_label.font().pointSizeF() == pytest.approx(40 * theme.PRESENT.font_scale)


# ------------------------------------------------------------------- bars


def test_bars_show_probabilities_and_weights(qtbot, state):
    bars = ProbabilityBars(state)
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
    bars = ProbabilityBars(state)
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
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    state.add_vector("negative", direction=[1.0, 0.0, 0.0])
    res = state.evaluation.result
    assert bars.bars.opts["height"].size == 7
    assert bars.plot_a.getAxis("bottom")._tickLevels[0][-1] == (6, "n6")
    text = bars._describe(6)
    assert "n6 (negative)" in text and f"{res.similarities[6]:.6g}" in text
    assert f"logit s/τ = {res.logits[6]:.6g}" in text
    assert f"probability p = {res.probabilities[6]:.6g}" in text
    many = PlaygroundState(presets.uniform_negatives(40))
    big = ProbabilityBars(many)
    qtbot.addWidget(big)
    assert big.plot_a.getAxis("bottom")._tickLevels is None  # numbers, not 41 names


def test_hovering_a_bar_shows_its_numbers(qtbot, state):
    bars = ProbabilityBars(state)
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


# ------------------------------------------------------------------ curve


def test_curve_equals_the_sweep_and_marks_tau(qtbot, state):
    lc = LossCurve(state)
    qtbot.addWidget(lc)
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.xData, lc.taus)
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))
    np.testing.assert_allclose(lc.best.yData, softmax_bounds(5, lc.taus)["best"])
    assert list(lc.chance.yData) == [math.log(6)] * 2
    assert lc.marker_line.value() == pytest.approx(math.log10(0.07))
    assert list(lc.marker.yData) == [res.loss]
    state.set_temperature(0.5)
    assert lc.marker_line.value() == pytest.approx(math.log10(0.5))
    assert list(lc.marker.xData) == [0.5]
    state.begin_drag(0)
    state.drag_to(0, [0.0, 1.0, 0.0])
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))


def test_curve_with_many_negatives_catches_up_after_a_drag(qtbot):
    st = PlaygroundState(presets.uniform_negatives(400))
    lc = LossCurve(st)
    qtbot.addWidget(lc)
    st.begin_drag(0)
    for x in (0.1, 0.2, 0.3):
        st.drag_to(0, [x, 0.0, 1.0])
        assert list(lc.marker.yData) == [st.evaluation.result.loss]  # the dot is always exact
    sims = st.evaluation.result.similarities
    qtbot.waitUntil(lambda: np.array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus)))
    st.drag_to(0, [0.4, 0.0, 1.0])
    st.end_drag()
    sims = st.evaluation.result.similarities
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus))


def test_clicking_the_curve_sets_tau(qtbot, state):
    lc = LossCurve(state)
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
    lc = LossCurve(state)
    qtbot.addWidget(lc)
    state.set_loss("triplet")
    assert lc._stack.currentWidget() is lc.message
    assert lc.message.text() == "This loss has no temperature; margin = 0.2"
    state.set_loss("info_nce")
    assert lc._stack.currentWidget() is lc.plot


# ---------------------------------------------------------------- chooser


def test_chooser_sets_loss_and_margins(qtbot, state):
    ch = LossChooser(state)
    qtbot.addWidget(ch)
    assert ch.combo.currentData() == "info_nce" and ch.margin.isHidden()
    ch.combo.setCurrentIndex(ch.combo.findData("triplet"))
    assert state.scene.loss == "triplet"
    assert not ch.margin.isHidden() and ch.margin.value() == 0.2
    ch.margin.setValue(0.3)
    assert state.scene.triplet_margin == 0.3
    ch.combo.setCurrentIndex(ch.combo.findData("margin"))
    assert state.scene.loss == "margin" and ch.margin.value() == 1.0
    ch.margin.setValue(0.5)
    assert state.scene.contrastive_margin == 0.5 and state.scene.triplet_margin == 0.3
    assert state.undo_stack.count() == 4
    state.set_loss("supcon")  # model -> view, no feedback
    assert ch.combo.currentData() == "supcon" and ch.margin.isHidden()
    assert state.undo_stack.count() == 5
    state.undo_stack.undo()
    assert ch.combo.currentData() == "margin" and ch.margin.value() == 0.5


def test_every_panel_follows_the_present_theme(qtbot, state):
    for cls in (TemperatureControl, LossReadout, ProbabilityBars, LossCurve, LossChooser):
        w = cls(state)
        qtbot.addWidget(w)
        w.apply_theme(theme.PRESENT)
        w.apply_theme(theme.DARK)
    assert state.undo_stack.count() == 0
