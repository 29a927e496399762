"""Loaders read the file they checked: a file swapped in after ``open_regular``
opened and checked the path is never the one read (no reopening by path)."""

import os

import numpy as np
import pytest

from contrastive_viz.core import safe_files
from contrastive_viz.core.embeddings import load_embeddings

pa = pytest.importorskip("pyarrow")


def _write(kind: str, path, rows: int, first: float) -> None:
    x = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3) + first
    if kind == "safetensors":
        from safetensors.numpy import save_file

        save_file({"embeddings": x}, str(path))
        return
    table = pa.table({"embedding": pa.array(list(x), type=pa.list_(pa.float32(), 3))})
    if kind == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    else:
        import pyarrow.feather as feather

        feather.write_feather(table, path)


@pytest.mark.parametrize("kind", ["safetensors", "parquet", "arrow"])
def test_a_file_swapped_after_the_check_is_not_read(tmp_path, monkeypatch, kind):
    if kind == "safetensors":
        pytest.importorskip("safetensors")
    path, other = tmp_path / f"x.{kind}", tmp_path / f"other.{kind}"
    _write(kind, path, rows=4, first=1.0)
    _write(kind, other, rows=7, first=100.0)
    real_open = safe_files.open_regular
    swapped = []

    def open_then_swap(p):
        fp = real_open(p)
        if not swapped:  # another program replaces the file once it is open
            os.replace(other, path)
            swapped.append(p)
        return fp

    for module in ("safetensors_file", "parquet", "arrow"):
        mod = __import__(f"contrastive_viz.core.embeddings.{module}", fromlist=["x"])
        monkeypatch.setattr(mod, "open_regular", open_then_swap, raising=False)
    data = load_embeddings(path)
    assert swapped, "the loader did not open the file through open_regular"
    assert data.vectors.shape == (4, 3)
    assert float(data.vectors[0, 0]) == 1.0
