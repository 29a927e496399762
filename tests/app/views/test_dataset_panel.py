"""The dataset panel and its metrics controller: numbers, τ follow-up, unlabelled data."""

import numpy as np
import pytest

from contrastive_viz.app.controllers.dataset_loader import DatasetLoader
from contrastive_viz.app.controllers.dataset_metrics import MetricsController
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views.dataset_panel import DatasetPanel
from contrastive_viz.core.dataset_metrics import DEFAULT_TEMPERATURES, dataset_summary
from contrastive_viz.core.presets import article_example

from .test_neighbors_panel import make_set


@pytest.fixture
def explorer(qtbot):
    model = ExplorerModel()
    DatasetLoader(model).set_dataset(make_set())
    return model


@pytest.fixture
def dataset_panel(qtbot, explorer):
    playground = PlaygroundController(article_example())
    w = DatasetPanel()
    w.controller = MetricsController(explorer.data, playground.model, w)
    qtbot.addWidget(w)
    w.resize(520, 560)
    w.show()
    qtbot.waitUntil(lambda: w.controller.summary is not None, timeout=5000)
    return w, playground


def test_dataset_panel_numbers_equal_dataset_summary(qtbot, dataset_panel, explorer):
    w, playground = dataset_panel
    ds = explorer.data.dataset
    tau = playground.scene.temperature
    ref = dataset_summary(ds.vectors, ds.labels, tau)
    s = w.controller.summary
    assert s.temperature == tau and s.sample_size_used == ref.sample_size_used == 240
    assert s.supcon == pytest.approx(ref.supcon, rel=1e-10)
    assert (s.alignment, s.uniformity, s.n_classes) == (ref.alignment, ref.uniformity, 6)
    tiles = w.metrics
    assert tiles["supcon"].value.text() == f"{ref.supcon:.4f}"
    assert tiles["alignment"].value.text() == f"{ref.alignment:.4f}"
    assert tiles["uniformity"].value.text() == f"{ref.uniformity:.4f}".replace("-", "−")
    assert tiles["classes"].value.text() == "6"
    assert "on all 240 labelled points" in w.subtitle.text()
    xs, ys = w.curve.getOriginalDataset()
    np.testing.assert_allclose(xs, DEFAULT_TEMPERATURES)
    ref_curve = [dataset_summary(ds.vectors, ds.labels, t).supcon for t in xs[::10]]
    np.testing.assert_allclose(ys[::10], ref_curve, rtol=1e-10)
    mx, my = w.marker.getOriginalDataset()
    assert mx[0] == tau and my[0] == pytest.approx(ref.supcon, rel=1e-10)


def test_dataset_panel_follows_the_temperature_after_a_pause(qtbot, dataset_panel, explorer):
    w, playground = dataset_panel
    before = w.controller.summary.supcon
    playground.set_temperature(0.5)
    assert w.controller.summary.temperature != 0.5  # debounced: nothing recomputed yet
    with qtbot.waitSignal(w.updated, timeout=2000):
        pass
    ds = explorer.data.dataset
    summary = w.controller.summary
    assert summary.temperature == 0.5
    assert summary.supcon == pytest.approx(dataset_summary(ds.vectors, ds.labels, 0.5).supcon)
    assert summary.supcon != before
    assert "τ = 0.5" in w.subtitle.text()


def test_dataset_panel_without_labels_and_on_a_new_dataset(qtbot, dataset_panel, explorer):
    w, _ = dataset_panel
    DatasetLoader(explorer).set_dataset(make_set(n=80, labelled=False))
    assert w.controller.summary is None and w.controller.computing
    qtbot.waitUntil(lambda: w.controller.summary is not None, timeout=5000)
    assert w.metrics["supcon"].value.text() == "—"
    assert "needs labels" in w.metrics["supcon"].detail.text()
    assert w.metrics["uniformity"].value.text() != "—"
    assert w.controller.summary.n_points == 80 and w.curve.getOriginalDataset()[0] is None
