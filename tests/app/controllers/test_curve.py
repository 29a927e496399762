"""The curve controller: exact when idle, throttled while an edit runs, exact at its end."""

import numpy as np

from contrastive_viz.app.controllers.curve import CurveController
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.core import scene as sc
from contrastive_viz.core.curves import TAUS, loss_versus_temperature
from contrastive_viz.core.presets import uniform_negatives


def _exact(view, pg) -> bool:
    return np.array_equal(view.curve.yData, loss_versus_temperature(pg.evaluation, TAUS).loss)


def test_throttled_during_an_edit_and_exact_when_it_finishes(qtbot, monkeypatch):
    pg = PlaygroundController(uniform_negatives(400))
    view = LossCurve()
    qtbot.addWidget(view)
    curve = CurveController(pg.model, view)
    assert _exact(view, pg)
    pg.set_temperature(0.3)  # a new tau moves only the marker
    assert view.marker.pos().y() == pg.evaluation.result.loss and not curve.pending
    pg.begin_drag(0)
    for x in (0.1, 0.2, 0.3):
        pg.drag_to(0, [x, 0.0, 1.0])
    assert curve.pending and not _exact(view, pg)  # at most one sweep per THROTTLE_MS
    calls = []
    real = sc.evaluate
    monkeypatch.setattr(sc, "evaluate", lambda s: calls.append(s) or real(s))
    pg.end_drag()
    assert _exact(view, pg) and not curve.pending and calls == []  # caught up, no re-evaluation


def test_small_scenes_are_swept_on_every_step(qtbot):
    pg = PlaygroundController(uniform_negatives(20))
    view = LossCurve()
    qtbot.addWidget(view)
    CurveController(pg.model, view)
    pg.begin_drag(0)
    for x in (0.1, 0.2):
        pg.drag_to(0, [x, 0.0, 1.0])
        assert _exact(view, pg)
