"""A run folder (step_NNNNNN.npy, run.json, labels.txt) and .npz weights: round trips, refusals."""

import json
import os
import zipfile

import numpy as np
import pytest

from contrastive_viz.core.safe_files import FileRefused
from contrastive_viz.core.training import MLPEncoder, Run, TrainSettings, vectors_data
from contrastive_viz.core.training.run_files import (
    load_run_folder,
    load_weights,
    save_run_json,
    save_snapshot,
    save_weights,
    snapshot_name,
)


def _run():
    rng = np.random.default_rng(0)
    lab = np.arange(40) % 2
    return Run(vectors_data(rng.normal(size=(40, 6)), lab), TrainSettings(batch_size=8, hidden=5))


def test_a_run_folder_round_trips_and_replays(tmp_path):
    run = _run()
    snaps = {}
    for _ in range(3):
        for _ in range(2):
            run.step()
        snaps[run.step_count] = run.embed()
        save_snapshot(tmp_path, run.step_count, snaps[run.step_count])
    run.set("temperature", 0.3)
    save_run_json(tmp_path, run.to_json(), snaps, run.data.label_names, run.data.labels)
    assert sorted(os.listdir(tmp_path)) == [
        "labels.txt", "run.json", "step_000002.npy", "step_000004.npy", "step_000006.npy",
    ]  # fmt: skip
    assert snapshot_name(1234567) == "step_1234567.npy"
    record, steps = load_run_folder(tmp_path)
    assert record["snapshots"] == [2, 4, 6] and record["changes"][0]["setting"] == "temperature"
    assert all(np.array_equal(steps[k], snaps[k]) for k in snaps)
    labels = (tmp_path / "labels.txt").read_text().split()
    assert labels == [run.data.label_names[c] for c in run.data.labels]
    again = Run.replay(run.data, record, steps=4)
    assert np.array_equal(again.embed(), snaps[4])


def test_weights_round_trip_through_npz(tmp_path):
    enc = MLPEncoder((6, 9, 4, 3), seed=2)
    path = save_weights(tmp_path / "w.npz", enc)
    back = load_weights(path)
    assert back.layer_sizes == (6, 9, 4, 3)
    x = np.random.default_rng(0).normal(size=(5, 6))
    assert np.array_equal(back.forward(x), enc.forward(x))


def test_hostile_files_are_refused_with_the_file_named(tmp_path):
    with pytest.raises(FileRefused, match="not found"):
        load_run_folder(tmp_path)
    (tmp_path / "run.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(FileRefused, match="not a contrastive-viz run"):
        load_run_folder(tmp_path)
    (tmp_path / "run.json").write_text(json.dumps({"format": "contrastive-viz run"}))
    bad = tmp_path / "step_000001.npy"
    np.save(bad, np.zeros((4, 3)))
    data = bad.read_bytes()
    bad.write_bytes(data.replace(b"(4, 3)", b"(9999999, 3)"))  # header lies about the size
    with pytest.raises(FileRefused, match="step_000001.npy"):
        load_run_folder(tmp_path)
    np.save(bad, np.array([[np.nan, 0.0, 1.0]]))
    with pytest.raises(FileRefused, match="NaN"):
        load_run_folder(tmp_path)
    np.save(bad, np.array(["a", "b"]))
    with pytest.raises(FileRefused, match="not real numbers"):
        load_run_folder(tmp_path)
    fifo = tmp_path / "w.npz"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="FIFO|not a file"):
        load_weights(fifo)


def test_a_weights_zip_bomb_and_mismatched_layers_are_refused(tmp_path):
    bomb = tmp_path / "bomb.npz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("W0.npy", "w", force_zip64=True) as fh:
            chunk = bytes(1 << 20)
            for _ in range(300):
                fh.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(FileRefused, match="too large"):
        load_weights(bomb)
    odd = tmp_path / "odd.npz"
    np.savez(odd, W0=np.zeros((3, 4)), b0=np.zeros(4), W1=np.zeros((5, 2)), b1=np.zeros(2))
    with pytest.raises(FileRefused, match="do not chain"):
        load_weights(odd)
