"""The τ control: typed values, the slider, refusals, no feedback loops."""

import pytest
from PySide6.QtCore import Qt

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import temperature_control as tc
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.core import presets
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def _type(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typing_a_temperature_sets_it(qtbot, state):
    ctrl = build(TemperatureControl, state)
    qtbot.addWidget(ctrl)
    _type(qtbot, ctrl.field, "0.5")
    assert state.scene.temperature == 0.5
    assert state.undo_stack.count() == 1
    assert ctrl.slider.value() == tc._tau_to_step(0.5)


@pytest.mark.parametrize("text", ["abc", "0", "-1", "1e9", "nan", "inf", "", "1.00001e4"])
def test_invalid_temperatures_are_refused(qtbot, state, text):
    ctrl = build(TemperatureControl, state)
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
    ctrl = build(TemperatureControl, state)
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
    ctrl = build(TemperatureControl, state)
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
    ctrl = build(TemperatureControl, state)
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
    ctrl = build(TemperatureControl, state)
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


def test_the_control_is_greyed_out_for_losses_without_a_temperature(qtbot, state):
    control = build(TemperatureControl, state)
    qtbot.addWidget(control)
    assert control.isEnabled() and control.slider.isEnabled()
    for loss in ("triplet", "margin"):
        state.set_loss(loss)
        assert not control.slider.isEnabled() and not control.field.isEnabled()
        assert "not used" in control._title.text()
    state.set_loss("info_nce")
    assert control.slider.isEnabled()


def test_a_valid_value_after_a_refusal_is_reported_as_accepted(qtbot, state):
    control = build(TemperatureControl, state)
    qtbot.addWidget(control)
    with qtbot.waitSignal(control.refused):
        _type(qtbot, control.field, "abc")
    with qtbot.waitSignal(control.accepted):
        _type(qtbot, control.field, "0.3")
    assert state.scene.temperature == 0.3
