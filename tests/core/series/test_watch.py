"""A live run: half-written files are never ready, renamed ones are, replacements show."""

import json
import os
import struct

import numpy as np
import pytest

from contrastive_viz.core.series import has_changed, header_complete, identity, is_ready


def _npy_bytes(tmp_path, array):
    np.save(tmp_path / "full.npy", array)
    data = (tmp_path / "full.npy").read_bytes()
    (tmp_path / "full.npy").unlink()
    return data


def _poll(path, previous):
    """One poll of the watcher: (ready, identity now)."""
    now = identity(path) if path.exists() else None
    return is_ready(path, previous), now


def test_a_file_written_in_two_halves_is_ready_only_when_whole_and_stable(tmp_path):
    data = _npy_bytes(tmp_path, np.arange(2000, dtype=np.float32).reshape(100, 20))
    path = tmp_path / "epoch_001.npy"
    half = len(data) // 2
    with open(path, "wb") as fh:
        fh.write(data[:half])
        fh.flush()
        ready, seen = _poll(path, None)
        assert not ready  # first sight
        ready, seen = _poll(path, seen)
        assert not ready  # stable size, but the header says data is missing
        assert not header_complete(path)
        fh.write(data[half:])
    ready, seen2 = _poll(path, seen)
    assert not ready  # the size changed since the last poll
    ready, _ = _poll(path, seen2)
    assert ready and header_complete(path)


def test_write_then_rename(tmp_path):
    data = _npy_bytes(tmp_path, np.ones((10, 4), np.float32))
    tmp = tmp_path / "epoch_002.npy.tmp"
    tmp.write_bytes(data)
    assert not is_ready(tmp, identity(tmp))  # a temporary name is never ready
    hidden = tmp_path / ".epoch_002.npy"
    hidden.write_bytes(data)
    assert not is_ready(hidden, identity(hidden))
    final = tmp_path / "epoch_002.npy"
    os.rename(tmp, final)
    assert not is_ready(final, None)
    assert is_ready(final, identity(final))


def test_replacement_truncation_and_removal_are_detected(tmp_path):
    path = tmp_path / "epoch_003.npy"
    np.save(path, np.zeros((50, 8), np.float32))
    loaded = identity(path)
    assert not has_changed(path, loaded)
    other = tmp_path / "new.npy"
    np.save(other, np.zeros((50, 8), np.float32))  # same size, new inode
    os.replace(other, path)
    assert has_changed(path, loaded)
    loaded = identity(path)
    with open(path, "r+b") as fh:
        fh.truncate(100)
    assert has_changed(path, loaded)
    path.unlink()
    assert has_changed(path, loaded)
    assert not is_ready(path, loaded)


def test_npz_safetensors_parquet_headers(tmp_path):
    npz = tmp_path / "s.npz"
    np.savez(npz, embeddings=np.ones((5, 3), np.float32))
    data = npz.read_bytes()
    assert header_complete(npz)
    npz.write_bytes(data[: len(data) - 30])
    assert not header_complete(npz)

    header = json.dumps({"embeddings": {"dtype": "F32", "shape": [4, 2], "data_offsets": [0, 32]}})
    raw = header.encode()
    st = tmp_path / "s.safetensors"
    st.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(32))
    assert header_complete(st)
    st.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(20))
    assert not header_complete(st)
    st.write_bytes(struct.pack("<Q", 10**12) + raw)
    assert not header_complete(st)

    pq = tmp_path / "s.parquet"
    pq.write_bytes(b"PAR1" + bytes(40) + b"PAR1")
    assert header_complete(pq)
    pq.write_bytes(b"PAR1" + bytes(40))
    assert not header_complete(pq)


@pytest.mark.parametrize("content", [b"", b"\x93NUMPY\x01\x00\xff\xff{'descr'", b"garbage"])
def test_broken_headers_are_not_ready(tmp_path, content):
    path = tmp_path / "epoch_9.npy"
    path.write_bytes(content)
    assert not is_ready(path, identity(path))


def test_special_files_are_never_ready(tmp_path):
    fifo = tmp_path / "epoch_1.npy"
    os.mkfifo(fifo)
    assert not is_ready(fifo, identity(fifo))
