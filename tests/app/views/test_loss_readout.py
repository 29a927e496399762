"""The loss readout formats the evaluation's loss, bounds and MI bound."""

from dataclasses import replace

import numpy as np
import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import theme
from contrastive_viz.app.views.loss_readout import LossReadout
from contrastive_viz.core import presets
from contrastive_viz.core.bounds import mutual_information_bound, softmax_bounds
from contrastive_viz.core.scene import Scene
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def _features_scene() -> Scene:
    base = presets.article_example()
    rng = np.random.default_rng(3)
    feats = tuple(rng.normal(size=8) for _ in range(len(base)))
    return replace(base, features=feats)


def test_readout_shows_the_loss_and_bounds(qtbot, state):
    ro = build(LossReadout, state)
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
    st = PlaygroundController(_features_scene())
    ro = build(LossReadout, st)
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
    ro = build(LossReadout, state)
    qtbot.addWidget(ro)
    state.set_loss("triplet")
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert "margin m = 0.2" in ro.bounds_label.text()
    assert ro._bar.isHidden()
    ro.apply_theme(theme.PRESENT)
    assert ro.value_label.font().pointSizeF() == pytest.approx(40 * theme.PRESENT.font_scale)
