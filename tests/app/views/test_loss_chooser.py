"""The loss chooser, and every panel's themes."""

import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.loss_chooser import LossChooser
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.app.views.loss_readout import LossReadout
from contrastive_viz.app.views.probability_bars import ProbabilityBars
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.core import presets
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def test_chooser_sets_loss_and_margins(qtbot, state):
    ch = build(LossChooser, state)
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
        w = build(cls, state)
        qtbot.addWidget(w)
        w.apply_theme(theme.PRESENT)
        w.apply_theme(theme.DARK)
    assert state.undo_stack.count() == 0
