"""Loading ``.parquet`` (skipped without pyarrow, except the message saying to install it)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from contrastive_viz.core.embeddings import load_embeddings

from .helpers import _matrix, _raises

# ------------------------------------------------------------------------- parquet


def test_parquet_list_column_and_metadata(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    x = _matrix(5, 3)
    table = pa.table(
        {
            "id": pa.array([10, 11, 12, 13, 14]),
            "category": pa.array(list("aabba")),
            "embedding": pa.array(list(x), type=pa.list_(pa.float32(), 3)),
        }
    )
    pq.write_table(table, tmp_path / "e.parquet", row_group_size=2)
    es = load_embeddings(tmp_path / "e.parquet")
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == list("aabba") and list(es.metadata) == ["id", "category"]
    assert es.metadata["id"] == ["10", "11", "12", "13", "14"]


def test_parquet_numeric_columns_and_ragged_list(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(
        pa.table({"name": ["u", "v"], "a": [1.0, 2.0], "b": [3, 4]}), tmp_path / "n.parquet"
    )
    es = load_embeddings(tmp_path / "n.parquet")
    np.testing.assert_array_equal(es.vectors, [[1, 3], [2, 4]])
    assert es.labels == ["u", "v"]
    pq.write_table(pa.table({"vec": [[1.0, 2.0], [1.0, 2.0, 3.0]]}), tmp_path / "r.parquet")
    _raises(tmp_path / "r.parquet", "r.parquet", "row 2 (1-based) has 3 values")


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    (tmp_path / "e.parquet").write_bytes(b"PAR1 whatever")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    _raises(tmp_path / "e.parquet", "e.parquet", "pip install 'contrastive-viz[parquet]'")
