"""Loading a step (messages name it), exports, the demo series."""

import csv
import os

import numpy as np
import pytest

from contrastive_viz.core.series import (
    SeriesError,
    StepFile,
    align_series,
    demo_series,
    discover_steps,
    find_metadata,
    load_step,
    match_rows,
    most_moved_csv,
    neighbor_overlap,
    save_aligned_npz,
    step_metrics,
)


def _step(path):
    return StepFile(path, path.stem, None)


def test_load_step_copies_small_steps_and_maps_big_ones(tmp_path):
    path = tmp_path / "epoch_001.npy"
    np.save(path, np.arange(40, dtype=np.float32).reshape(10, 4) + 1)
    small = load_step(_step(path))
    assert small.in_memory and not isinstance(small.vectors, np.memmap)
    assert not small.vectors.flags.writeable
    mapped = load_step(_step(path), in_memory_below=0)
    assert not mapped.in_memory and isinstance(mapped.vectors, np.memmap)
    assert mapped.identity.size == os.stat(path).st_size
    np.testing.assert_array_equal(small.vectors, mapped.vectors)


def test_nan_rows_and_bad_files_name_the_step(tmp_path):
    x = np.ones((10, 4), np.float32)
    x[3, 1] = np.nan
    np.save(tmp_path / "epoch_004.npy", x)
    with pytest.raises(SeriesError, match=r"step 'epoch_004': epoch_004\.npy: .*NaN"):
        load_step(_step(tmp_path / "epoch_004.npy"))
    (tmp_path / "epoch_005.npy").write_bytes(b"\x80\x04 a pickle")
    with pytest.raises(SeriesError, match=r"step 'epoch_005': epoch_005\.npy: .*pickle"):
        load_step(_step(tmp_path / "epoch_005.npy"))
    with pytest.raises(SeriesError, match="step 'gone'"):
        load_step(_step(tmp_path / "gone.npy"))


def test_aligned_npz_round_trip_without_pickle(tmp_path):
    coords = np.random.default_rng(0).standard_normal((3, 5, 2)).astype(np.float32)
    path = tmp_path / "aligned.npz"
    save_aligned_npz(path, coords, ["epoch_1", "epoch_2", "épоque 3"])
    with np.load(path, allow_pickle=False) as f:
        np.testing.assert_array_equal(f["coords"], coords)
        assert f["names"].tolist() == ["epoch_1", "epoch_2", "épоque 3"]
    with pytest.raises(ValueError, match="2 names for 3 steps"):
        save_aligned_npz(path, coords, ["a", "b"])


def test_most_moved_csv_escapes_formulas_and_keeps_precision(tmp_path):
    path = tmp_path / "moved.csv"
    values = np.array([[0.1, 1.0], [np.nan, 0.5]])
    most_moved_csv(path, ["=cmd()", 7], values, ["id", "movement", "overlap"])
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows == [["id", "movement", "overlap"], ["'=cmd()", "0.1", "1.0"], ["7", "", "0.5"]]
    most_moved_csv(path, ["a", "b"], [np.array([1.0, 2.0]), np.array([3.0, 4.0])], ["i", "x", "y"])
    assert list(csv.reader(path.open()))[2] == ["b", "2.0", "4.0"]


def test_demo_series_is_reproducible_cached_and_usable(tmp_path):
    folder = demo_series(tmp_path)
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert demo_series(tmp_path) == folder
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps  # not rewritten
    again = demo_series(tmp_path / "other")
    for name in stamps:
        assert (again / name).read_bytes() == (folder / name).read_bytes()
    steps, by_name = discover_steps(folder)
    assert [s.name for s in steps] == [f"epoch_{t:03d}" for t in range(8)] and not by_name
    meta = find_metadata(folder)
    loaded = [load_step(s, meta) for s in steps]
    assert loaded[0].vectors.shape == (1500, 32) and loaded[0].data.labels is not None
    ids = [ls.data.metadata["id"] for ls in loaded]
    match_rows(ids, [s.name for s in steps], "id")
    coords = align_series([ls.vectors for ls in loaded], 2)
    assert coords.shape == (8, 1500, 2)
    labels = loaded[0].data.labels
    first = step_metrics(loaded[0].vectors, labels, 0.1, seed=0)
    last = step_metrics(loaded[-1].vectors, labels, 0.1, seed=0)
    assert last.knn_accuracy > first.knn_accuracy + 0.3  # the classes separate
    overlap = neighbor_overlap(loaded[-2].vectors, loaded[-1].vectors, 10)
    assert 0.2 < overlap.mean() < 0.95
