"""The Train tab's views follow the model: curves, the A–U plane, the sphere's points."""

import numpy as np

from contrastive_viz.app.models.training import TrainingModel
from contrastive_viz.app.views.train_curves import SMOOTH, TrainCurves
from contrastive_viz.app.views.train_plane import TrainPlane
from contrastive_viz.app.views.train_sphere import sphere_points
from contrastive_viz.core.training import StepRecord
from contrastive_viz.core.training.curves import smooth


def _records(n, seed=0):
    rng = np.random.default_rng(seed)
    return [StepRecord(i + 1, 6 - i / n, 1 - i / n, -i / n + rng.normal(0, 0.01)) for i in range(n)]


def test_smooth_is_a_trailing_mean():
    v = np.array([1.0, 2.0, 3.0, 10.0])
    np.testing.assert_allclose(smooth(v, 2), [1.0, 1.5, 2.5, 6.5])
    np.testing.assert_allclose(smooth(v, 100), np.cumsum(v) / np.arange(1, 5))


def test_curves_and_plane_show_the_model(qtbot):
    model = TrainingModel()
    curves, plane = TrainCurves(model), TrainPlane(model)
    qtbot.addWidget(curves)
    qtbot.addWidget(plane)
    records = _records(120)
    model.append(records, None, {})
    plane.redraw()
    curves.redraw()
    x, y = plane.trajectory()
    np.testing.assert_allclose(x, smooth(model.alignment, SMOOTH))
    np.testing.assert_allclose(y, smooth(model.uniformity, SMOOTH))
    sx, sy = curves.lines["loss"][1].getData()
    np.testing.assert_array_equal(sx, np.arange(1, 121))
    model.clear_run("τ=0.01")
    model.append(_records(10, 1), None, {})
    plane.redraw()
    ghost_x, _ = plane.ghosts[0].getData()
    assert len(ghost_x) == 120 and len(plane.trajectory()[0]) == 10
    labels = [label.text for _, label in plane.plot.plotItem.legend.items]
    assert "τ=0.01, 120 steps" in labels


def test_sphere_points_are_unit_3d_for_any_output_dimension():
    rng = np.random.default_rng(0)
    for d in (2, 3, 5):
        e = rng.normal(size=(50, d))
        p = sphere_points(e)
        assert p.shape == (50, 3) and p.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-6)
    e3 = rng.normal(size=(5, 3))
    e3 /= np.linalg.norm(e3, axis=1, keepdims=True)
    np.testing.assert_allclose(sphere_points(e3), e3, atol=1e-7)  # 3-D is drawn as is
    assert np.all(sphere_points(rng.normal(size=(4, 2)))[:, 2] == 0)  # 2-D: the equator
