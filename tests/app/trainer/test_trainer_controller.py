"""The trainer's model and controller: refusals, start/pause/step/reset, live changes,
divergence, files. Small synthetic data keeps the steps fast."""

import json

import numpy as np
import pytest

from contrastive_viz.app.controllers.trainer import TrainerController
from contrastive_viz.app.controllers.trainer_files import TrainerFiles
from contrastive_viz.app.models.training import TrainingModel
from contrastive_viz.core.training import vectors_data


def _data(labels=True):
    rng = np.random.default_rng(0)
    lab = np.arange(90) % 3
    x = rng.normal(size=(3, 12))[lab] * 3 + rng.normal(size=(90, 12))
    return vectors_data(x, lab if labels else None, "blobs")


@pytest.fixture
def trainer(qtbot):
    model = TrainingModel()
    model.set_setting("batch_size", 16)
    model.set_setting("hidden", 16)
    model.set_setting("snapshot_every", 5)
    t = TrainerController(model)
    t.set_data(_data())
    yield t
    t.shutdown()


@pytest.mark.parametrize(
    "name,value,match",
    [
        ("batch_size", "1", "batch_size"),
        ("hidden", "0", "hidden"),
        ("temperature", "0", "temperature"),
        ("temperature", "1e5", "temperature"),
        ("lr", "-1", "learning rate"),
        ("noise", "abc", "could not convert|noise"),
    ],
)
def test_invalid_settings_are_refused_and_nothing_changes(name, value, match):
    model = TrainingModel()
    before = model.settings
    with pytest.raises(ValueError, match=match):
        model.set_setting(name, value)
    assert model.settings == before


def test_supcon_is_refused_without_labels_with_the_reason(qtbot):
    model = TrainingModel()
    t = TrainerController(model)
    t.set_data(_data(labels=False))
    with pytest.raises(ValueError, match="SupCon needs labels"):
        t.change("loss", "supcon")
    assert model.settings.loss == "nt_xent" and not model.has_labels


def test_start_pause_step_reset(trainer, qtbot):
    m = trainer.model
    assert m.state == "ready" and 0 in m.snapshots
    trainer.start()
    assert m.state == "running"
    qtbot.waitUntil(lambda: m.step >= 12, timeout=20_000)
    trainer.pause()
    qtbot.waitUntil(lambda: m.state == "paused", timeout=5_000)
    assert not trainer.running
    reached = trainer.run.step_count
    assert m.step == reached and m.steps[-1] == reached  # every record reached the model
    assert len(m.loss) == reached and {5, 10} <= set(m.snapshots)
    trainer.step_once()
    qtbot.waitUntil(lambda: m.step == reached + 1, timeout=5_000)
    trainer.reset()
    assert m.state == "ready" and m.step == 0 and list(m.snapshots) == [0]
    assert m.previous[-1][0] == f"τ=0.1, {reached + 1} steps"
    trainer.change("temperature", "0.01")  # at step 0: the run is a τ = 0.01 run
    trainer.step_once()
    qtbot.waitUntil(lambda: m.step == 1, timeout=5_000)
    trainer.change("temperature", "1")
    trainer.step_once()
    qtbot.waitUntil(lambda: m.step == 2, timeout=5_000)
    trainer.reset()
    assert m.previous[-1][0] == "τ=0.01→1, 2 steps"


def test_live_temperature_change_reaches_the_running_run(trainer, qtbot):
    trainer.start()
    qtbot.waitUntil(lambda: trainer.model.step >= 2, timeout=20_000)
    trainer.change("temperature", "0.5")
    qtbot.waitUntil(lambda: trainer.model.step >= 8, timeout=20_000)
    trainer.pause()
    qtbot.waitUntil(lambda: not trainer.running, timeout=5_000)
    assert trainer.run.settings.temperature == 0.5
    (change,) = [c for c in trainer.run.changes if c["setting"] == "temperature"]
    assert change["value"] == 0.5 and change["step"] >= 2


def test_non_live_change_rebuilds_a_fresh_run_but_waits_for_reset_later(trainer, qtbot):
    trainer.change("hidden", "7")
    assert trainer.run.encoder.layer_sizes == (12, 7, 3)
    trainer.step_once()
    qtbot.waitUntil(lambda: trainer.model.state == "paused", timeout=5_000)
    messages = []
    trainer.model.message.connect(messages.append)
    trainer.change("hidden", "9")
    assert trainer.run.encoder.layer_sizes == (12, 7, 3) and "Reset" in messages[-1]


def test_exploding_weights_stop_with_advice_and_keep_the_snapshots(trainer, qtbot):
    trainer.change("optimizer", "sgd")
    trainer.start()
    qtbot.waitUntil(lambda: trainer.model.step >= 6, timeout=20_000)
    messages = []
    trainer.model.message.connect(messages.append)
    trainer.change("lr", "1e308")
    qtbot.waitUntil(lambda: not trainer.running, timeout=10_000)
    assert trainer.model.state == "paused"
    assert any("lower learning rate" in t for t in messages)
    assert 5 in trainer.model.snapshots
    assert all(np.isfinite(v).all() for v in trainer.run.encoder.params.values())
    assert np.isfinite(trainer.run.embed()).all()


def test_save_and_reopen_a_run_folder_replays_it(trainer, qtbot, tmp_path):
    files = TrainerFiles(trainer)
    trainer.start(max_steps=10)
    qtbot.waitUntil(lambda: trainer.model.step == 10 and not trainer.running, timeout=20_000)
    job = files.save_run(tmp_path / "run")
    qtbot.waitUntil(job.is_done, timeout=10_000)
    qtbot.waitUntil(lambda: (tmp_path / "run" / "run.json").exists(), timeout=5_000)
    names = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert names == [
        "labels.txt", "run.json", "step_000000.npy", "step_000005.npy", "step_000010.npy",
    ]  # fmt: skip
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["step"] == 10 and record["snapshots"] == [0, 5, 10]
    saved = trainer.run.embed()
    trainer.reset()
    messages = []
    files.message.connect(messages.append)
    job = files.open_run(tmp_path / "run")
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    assert "bit for bit" in messages[-1]
    assert trainer.run.step_count == 10 and np.array_equal(trainer.run.embed(), saved)
    files.save_weights(tmp_path / "w.npz")
    assert (tmp_path / "w.npz").exists()
