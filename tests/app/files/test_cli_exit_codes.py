"""``--screenshot`` and ``--scene`` exit codes on the real command line (README, "Using it").

Each case runs ``python -m contrastive_viz`` in a subprocess under the test's X server.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest


def _run(tmp_path, *args, timeout=90):
    env = {**os.environ, "CONTRASTIVE_VIZ_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "contrastive_viz", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_scene_exits_2_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = _run(tmp_path, "--scene", fifo, "--screenshot", tmp_path / "x.png", timeout=30)
    assert result.returncode == 2
    assert "pipe.json" in result.stderr and "FIFO" in result.stderr


def test_a_dev_zero_link_as_scene_exits_2(tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    result = _run(tmp_path, "--scene", link, "--screenshot", tmp_path / "x.png", timeout=30)
    assert result.returncode == 2 and "zero.json" in result.stderr


def test_a_bad_positional_scene_exits_1_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    out = tmp_path / "x.png"
    result = _run(tmp_path, bad, "--screenshot", out)
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "not valid JSON" in result.stderr
    assert not out.exists()


def test_an_empty_array_exits_1_without_a_png(tmp_path):
    path = tmp_path / "empty.npy"
    np.save(path, np.zeros((0, 8), np.float32))
    out = tmp_path / "x.png"
    result = _run(tmp_path, path, "--screenshot", out)
    assert result.returncode == 1
    assert "empty.npy" in result.stderr
    assert not out.exists()


def test_invalid_rows_exit_1_with_a_sentence_for_users(tmp_path):
    x = np.random.default_rng(0).normal(size=(30, 5)).astype(np.float32)
    x[4] = np.nan
    path = tmp_path / "rows.npy"
    np.save(path, x)
    out = tmp_path / "x.png"
    result = _run(tmp_path, path, "--screenshot", out)
    assert result.returncode == 1
    assert "rows.npy" in result.stderr and "NaN" in result.stderr
    assert "drop_invalid" not in result.stderr
    assert not out.exists()


def test_a_good_embedding_file_exits_0_with_a_png(tmp_path):
    path = tmp_path / "good.npy"
    np.save(path, np.random.default_rng(0).normal(size=(40, 6)).astype(np.float32))
    out = tmp_path / "x.png"
    result = _run(tmp_path, path, "--screenshot", out)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
