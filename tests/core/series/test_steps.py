"""Step files: numbers, order, what is skipped, a series of one step."""

import os
import socket

import numpy as np
import pytest

from contrastive_viz.core.series import (
    SeriesError,
    StepFile,
    check_series,
    discover_steps,
    is_temporary_name,
    order_steps,
    step_number,
)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("epoch_003.npy", 3),
        ("step-1200.safetensors", 1200),
        ("ckpt_e2_s1500.npz", 1500),
        ("epoch_3.h5", 3),  # the 5 of the suffix is not a step
        ("final.npy", None),
        ("0007", 7),
        ("run2024.v3.npy", 3),
    ],
)
def test_step_number_is_the_last_integer_before_the_suffix(name, number):
    assert step_number(name) == number


@pytest.mark.parametrize(
    "name",
    [".epoch_1.npy", "~epoch_1.npy", "epoch_1.npy~", "epoch_1.npy.tmp", "epoch_1.tmp.npy",
     "epoch_1.part", "epoch_1.npy.partial", "tmpk3j2x.npy", "#epoch_1.npy#",
     ".epoch_1.npy.Xy12.tmp"],
)  # fmt: skip
def test_temporary_names(name):
    assert is_temporary_name(name)


@pytest.mark.parametrize("name", ["epoch_1.npy", "template_3.npy", "step-2.safetensors"])
def test_ordinary_names_are_not_temporary(name):
    assert not is_temporary_name(name)


def _touch(folder, name):
    np.save(folder / name, np.zeros((2, 2), np.float32), allow_pickle=False)
    saved = folder / (name if name.endswith(".npy") else name + ".npy")
    if saved.name != name:
        saved.rename(folder / name)


def test_discover_sorts_by_number_not_by_name(tmp_path):
    for name in ["epoch_10.npy", "epoch_2.npy", "epoch_1.npy", "final.npy", "epoch_010b.npz"]:
        _touch(tmp_path, name)
    steps, by_name = discover_steps(tmp_path)
    assert not by_name
    assert [s.name for s in steps] == [
        "epoch_1",
        "epoch_2",
        "epoch_010b",
        "epoch_10",
        "final",
    ]  # ties by name
    assert [s.number for s in steps] == [1, 2, 10, 10, None]
    assert steps[0] == StepFile(tmp_path / "epoch_1.npy", "epoch_1", 1)


def test_discover_skips_temporary_metadata_special_and_unsupported(tmp_path):
    names = ["epoch_1.npy", "epoch_2.npy", ".epoch_3.npy", "epoch_4.npy.tmp", "epoch_5.tmp.npy"]
    for name in [*names, "metadata.tsv", "labels.csv", "notes.md", "epoch_6.pt~"]:
        _touch(tmp_path, name)
    os.mkfifo(tmp_path / "epoch_7.npy")
    (tmp_path / "epoch_8.npy").symlink_to("/dev/zero")
    (tmp_path / "epoch_9.npy").symlink_to(tmp_path / "missing.npy")
    (tmp_path / "epoch_11.npy").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "epoch_12.npy"))
        steps, _ = discover_steps(tmp_path)
    finally:
        sock.close()
    assert [s.name for s in steps] == ["epoch_1", "epoch_2"]


def test_no_numbers_sorts_by_name_and_says_so(tmp_path):
    for name in ["beta.npy", "Alpha.npy", "gamma.npy"]:
        _touch(tmp_path, name)
    steps, by_name = discover_steps(tmp_path)
    assert by_name
    assert [s.name for s in steps] == ["Alpha", "beta", "gamma"]


def test_discover_on_a_missing_folder_is_a_series_error(tmp_path):
    with pytest.raises(SeriesError, match="cannot list"):
        discover_steps(tmp_path / "nope")


def test_order_steps_uses_the_same_rule(tmp_path):
    steps, by_name = order_steps([tmp_path / "b" / "step-30.npy", tmp_path / "step-4.npy"])
    assert [s.number for s in steps] == [4, 30] and not by_name
    _, by_name = order_steps(["x.npy", "y.npy"])
    assert by_name


def test_series_of_one_step_is_a_clear_message():
    with pytest.raises(SeriesError, match="one step, 'epoch_001'; a series needs at least two"):
        check_series([StepFile(__import__("pathlib").Path("epoch_001.npy"), "epoch_001", 1)])
    with pytest.raises(SeriesError, match="no step file"):
        check_series([], "the folder runs/a")
