"""The explorer's controllers: loading and neighbour jobs, GUI-thread delivery, the bridge."""

import sys
import threading
import time
import types

import numpy as np

from contrastive_viz.app.controllers.jobs import Job
from contrastive_viz.app.controllers.neighbor_search import NeighborSearch

from .. import explorer_fixtures as fx
from ..explorer_fixtures import brute_force_neighbors, emitted, make_set

ctl, model = fx.ctl, fx.model  # pytest fixtures


def test_open_plain_npy_projects_with_pca(qtbot, model, ctl, tmp_path):
    x = np.random.default_rng(1).standard_normal((500, 8)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    progress = []
    ctl.loader.progress.connect(lambda f, m: progress.append(f))
    with emitted(qtbot, model.data.projection_changed, timeout=10_000):
        ctl.open(tmp_path / "x.npy")
    assert model.data.coords.shape == (500, 3) and model.data.projection.n_features == 8
    assert model.settings.color_by is None and model.style.colors.kind == "single"
    assert progress and progress[0] == 0.0


def test_job_results_reach_the_models_on_the_gui_thread(qtbot, model, ctl, tmp_path, monkeypatch):
    np.save(tmp_path / "x.npy", np.random.default_rng(2).standard_normal((300, 8)))
    threads = []
    model.data.projection_changed.connect(lambda _p: threads.append(threading.get_ident()))
    model.selection.neighbors_changed.connect(lambda _n: threads.append(threading.get_ident()))
    with emitted(qtbot, model.data.projection_changed, timeout=10_000):
        ctl.open(tmp_path / "x.npy")
    monkeypatch.setattr(NeighborSearch, "ASYNC_NEIGHBORS_ABOVE", 10)
    with emitted(qtbot, model.selection.neighbors_changed, count=2):
        model.selection.select(3)
    assert model.selection.neighbors is not None
    assert threads and set(threads) == {threading.main_thread().ident}


def test_malformed_file_emits_error_and_keeps_the_dataset(qtbot, model, ctl, tmp_path):
    ctl.set_dataset(make_set())
    before = (model.data.dataset, model.data.projection)
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"this is not numpy at all")
    with qtbot.waitSignal(ctl.error, timeout=10_000) as blocker:
        ctl.open(bad)
    title, message = blocker.args
    assert "bad.npy" in message
    assert (model.data.dataset, model.data.projection) == before
    assert not ctl.busy


def test_demo_set_loads(qtbot, model, ctl):
    with emitted(qtbot, model.data.projection_changed, timeout=30_000):
        ctl.open_demo()
    colors = model.style.colors
    assert (model.data.dataset.n, model.data.dataset.d) == (1797, 64)
    assert colors.kind == "categorical" and len(colors.categories) == 10
    assert colors.categories == tuple(str(i) for i in range(10))


def test_job_throttles_progress_and_delivers_result(qtbot):
    def fn(progress, cancelled):
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.3:
            progress(0.5)
        progress(1.0)
        return 42

    job = Job(fn)
    seen = []
    job.progress.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [42]
    qtbot.wait(20)
    assert 2 <= len(seen) <= 0.3 * 20 + 3 and seen[-1] == 1.0


def test_job_failure_is_delivered(qtbot):
    job = Job(lambda p, c: 1 / 0)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_neighbours_in_a_background_job_for_large_sets(qtbot, model, ctl, monkeypatch):
    ds = make_set()
    ctl.set_dataset(ds)
    monkeypatch.setattr(NeighborSearch, "ASYNC_NEIGHBORS_ABOVE", 10)
    with emitted(qtbot, model.selection.neighbors_changed, count=2):
        model.selection.select(3)
    expected = brute_force_neighbors(ds.vectors, 3, 10)[0]
    np.testing.assert_array_equal(model.selection.neighbors[0], expected)


def test_send_to_playground_emits_the_bridge_scene(qtbot, model, ctl, monkeypatch):
    ctl.set_dataset(make_set())
    calls = []
    fake = types.ModuleType("contrastive_viz.core.bridge")
    fake.scene_from_embeddings = lambda *args: calls.append(args) or "SCENE"
    monkeypatch.setitem(sys.modules, "contrastive_viz.core.bridge", fake)
    with qtbot.waitSignal(ctl.scene_requested) as blocker:
        ctl.bridge.send_to_playground(1, [2, 3], [4])
    assert blocker.args == ["SCENE"]
    assert calls[0][2:] == (1, [2, 3], [4]) and calls[0][0] is model.data.dataset
