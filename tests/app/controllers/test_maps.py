"""UMAP/t-SNE in the worker process: heartbeat, GUI-thread delivery, cache, Cancel, errors."""

from __future__ import annotations

import importlib.util
import threading

import numpy as np
import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from contrastive_viz.app.controllers import map_controller
from contrastive_viz.app.controllers.explorer import ExplorerController
from contrastive_viz.app.controllers.jobs import job_pool
from contrastive_viz.app.models.explorer import ExplorerModel
from tests.app.explorer_fixtures import emitted, make_set


@pytest.fixture
def ctl(qtbot):
    model = ExplorerModel()
    c = ExplorerController(model)
    yield c
    c.shutdown()
    job_pool().waitForDone(10_000)


class Heartbeat:
    """A 10 ms timer recording the longest gap between its ticks."""

    def __init__(self):
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last, self.worst = 0, 0
        self.timer = QTimer(interval=10, timeout=self._tick)
        self.timer.start()

    def _tick(self):
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def _run_map(qtbot, ctl, method, timeout):
    model = ctl.model
    beat = Heartbeat()
    threads = []
    model.data.map_changed.connect(lambda _m: threads.append(threading.get_ident()))
    with emitted(qtbot, model.data.map_changed, timeout=timeout) as seen:
        model.maps.set_method(method)
        assert ctl.maps.busy
    beat.timer.stop()
    return seen[0][0], beat.worst, threads


def test_tsne_runs_in_a_process_without_stalling_the_gui(qtbot, ctl):
    ds = make_set(240, 12)
    ctl.set_dataset(ds)
    result, worst, threads = _run_map(qtbot, ctl, "tsne", 240_000)  # the timeout is not the test
    assert threads == [threading.main_thread().ident]  # delivered on the GUI thread
    assert worst < 100, f"the GUI stalled {worst} ms"
    assert ctl.maps.worker.alive and not ctl.maps.busy
    assert result.coords.shape == (240, 2) and np.isfinite(result.coords).all()
    assert ctl.model.data.method == "tsne"
    assert ctl.model.data.axis_titles()[:2] == ["t-SNE 1", "t-SNE 2"]
    coords = ctl.model.data.coords
    assert np.array_equal(coords[:, :2], result.coords) and not coords[:, 2].any()
    # cached: PCA and back are instant (no job)
    ctl.model.maps.set_method("pca")
    assert ctl.model.data.map is None and not ctl.maps.busy
    ctl.model.maps.set_method("tsne")
    assert ctl.model.data.map is result and not ctl.maps.busy


@pytest.mark.skipif(importlib.util.find_spec("umap") is None, reason="umap-learn not installed")
def test_umap_heartbeat_including_the_worker_start(qtbot, ctl):
    ctl.set_dataset(make_set(200, 10))
    result, worst, _threads = _run_map(qtbot, ctl, "umap", 240_000)
    assert worst < 100, f"the GUI stalled {worst} ms"
    assert np.isfinite(result.coords).all() and result.spec.metric == "cosine"
    assert "all 200 points" in result.note()


def test_cancel_terminates_the_worker_and_reverts_the_method(qtbot, ctl):
    ctl.set_dataset(make_set(200, 8))
    cancelled = []
    ctl.maps.busy_changed.connect(cancelled.append)
    ctl.model.maps.set_method("tsne")
    qtbot.waitUntil(lambda: ctl.maps.worker.alive, timeout=5000)
    ctl.cancel()
    assert not ctl.maps.busy and not ctl.maps.worker.alive
    assert ctl.model.maps.method == "pca" and ctl.model.data.map is None
    assert cancelled == [True, False]


def test_missing_package_names_the_install_command(qtbot, ctl, monkeypatch):
    message = "UMAP needs the umap-learn package: pip install 'x[umap]'"
    monkeypatch.setattr(map_controller, "missing_package", lambda m: message)
    ctl.set_dataset(make_set(50, 8))
    errors = []
    ctl.error.connect(lambda title, text: errors.append(text))
    ctl.model.maps.set_method("umap")
    assert errors and "pip install" in errors[0]
    assert ctl.model.maps.method == "pca" and not ctl.maps.busy


def test_quality_is_measured_for_pca_and_offered_as_a_colouring(qtbot, ctl):
    from contrastive_viz.app.models.derived_columns import RECALL
    from contrastive_viz.core.quality import measure

    ds = make_set(300, 16)
    ctl.quality.sample_size = 120
    with emitted(qtbot, ctl.model.quality.quality_changed, timeout=10_000) as seen:
        ctl.set_dataset(ds)
    q = seen[-1][0]
    expected = measure(ds.vectors, ctl.model.data.coords[:, :2], 10, 120)
    assert q.mean_recall == expected.mean_recall
    assert q.trustworthiness == expected.trustworthiness and q.measured == 120
    assert RECALL in ctl.model.settings.columns
    ctl.model.settings.set_color_by(RECALL)
    mapping = ctl.model.style.colors
    assert mapping.kind == "continuous" and (mapping.vmin, mapping.vmax) == (0.0, 1.0)
    grey = np.flatnonzero(np.isnan(q.recall))
    assert grey.size == 180 and (mapping.rgba[grey, :3] == (128, 128, 128)).all()
