"""Axis labels of short charts never pile up."""

import pytest

from contrastive_viz.app.views.plot_style import tick_step


@pytest.mark.parametrize(
    ("span", "pixels", "label", "step"),
    [(1.12, 400, 20, 0.1), (1.12, 60, 20, 1.0), (1.05, 30, 20, 2.0), (0.05, 200, 15, 0.01)],
)
def test_ticks_are_at_least_one_and_a_half_labels_apart(span, pixels, label, step):
    got = tick_step(span, pixels, label)
    assert got == pytest.approx(step)
    assert got / span * pixels >= 1.6 * label


def test_the_probability_charts_space_their_ticks_by_height(qtbot):
    from contrastive_viz.app.controllers.playground import PlaygroundController
    from contrastive_viz.app.views.probability_bars import ProbabilityBars
    from contrastive_viz.core import presets
    from tests.app.qt_helpers import hosted

    bars = ProbabilityBars(PlaygroundController(presets.article_example()).model)
    host = hosted(qtbot, bars, width=500)
    host.resize(500, 300)
    qtbot.waitUntil(lambda: bars.plot_b.height() < 120)
    axis = bars.plot_b.getAxis("left")
    lo, hi = bars.plot_b.plotItem.vb.viewRange()[1]
    pixels = bars.plot_b.plotItem.vb.height()
    step = axis._tickSpacing[0][0]
    assert step / (hi - lo) * pixels >= 1.6 * bars.plot_b._tick_label_height
