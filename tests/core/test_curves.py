"""The loss-versus-temperature curve of fixed vectors."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contrastive_viz.core.curves import loss_versus_temperature
from contrastive_viz.core.presets import article_example
from contrastive_viz.core.scene import ROLE_COLORS, Scene, evaluate

TAUS = np.logspace(-3, 2, 50)


def test_curve_at_the_article_temperature():
    ev = evaluate(article_example())
    curve = loss_versus_temperature(ev, [0.07, 1.0, 1e6])
    assert curve.loss[0] == pytest.approx(4.9068650660314756e-05, rel=1e-6)  # (a sweep)
    assert curve.loss[2] == pytest.approx(math.log(6), rel=1e-5)  # tau -> inf: log(K+1)
    assert curve.all_equal == pytest.approx(math.log(6))
    assert curve.best[1] == pytest.approx(math.log(1 + 5 * math.exp(-2)), rel=1e-12)
    assert (curve.n_negatives, curve.n_positives) == (5, 1)


def test_no_curve_without_a_temperature():
    with pytest.raises(ValueError, match="no temperature"):
        loss_versus_temperature(evaluate(replace(article_example(), loss="triplet")), TAUS)


unit = st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=3).filter(
    lambda v: np.linalg.norm(v) > 0.1
)


@settings(max_examples=60, deadline=None)
@given(st.lists(unit, min_size=3, max_size=9), st.floats(0.01, 10))
def test_curve_lies_within_its_bounds_and_passes_through_the_loss(dirs, tau):
    roles = ("anchor", "positive") + ("negative",) * (len(dirs) - 2)
    scene = Scene(
        names=tuple(f"v{i}" for i in range(len(dirs))),
        roles=roles,
        colors=tuple(ROLE_COLORS[r] for r in roles),
        directions=np.array(dirs),
        temperature=tau,
    )
    ev = evaluate(scene)
    curve = loss_versus_temperature(ev, np.append(TAUS, tau))
    tol = 1e-9 * np.maximum(1.0, curve.worst)
    assert (curve.loss >= curve.best - tol).all() and (curve.loss <= curve.worst + tol).all()
    assert curve.loss[-1] == pytest.approx(ev.result.loss, rel=1e-6, abs=1e-12)
    assert ev.bounds["best"] == pytest.approx(curve.best[-1], rel=1e-12)
