"""``load_embeddings`` for every format: missing files, invalid rows, progress, Cancel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from contrastive_viz.core.embeddings import EmbeddingFileError, LoadCancelled, load_embeddings

from .helpers import _matrix, _raises, _rows, _with_invalid_rows, _write

# ------------------------------------------------------------------------- common errors


def test_missing_empty_and_unknown_files(tmp_path):
    _raises(tmp_path / "nope.npy", "nope.npy", "not found")
    (tmp_path / "empty.csv").write_bytes(b"")
    _raises(tmp_path / "empty.csv", "empty.csv", "empty")
    (tmp_path / "e.xyz").write_bytes(b"x")
    _raises(tmp_path / "e.xyz", "e.xyz", "unsupported", ".npy", ".npz", ".csv", ".parquet")
    (tmp_path / "dir.npy").mkdir()
    _raises(tmp_path / "dir.npy", "dir.npy", "not a file")


def test_errors_are_value_errors_and_cancel_is_not():
    assert issubclass(EmbeddingFileError, ValueError)
    assert not issubclass(LoadCancelled, EmbeddingFileError)
    assert not issubclass(LoadCancelled, ValueError)


# ------------------------------------------------------------------------- invalid rows


def test_invalid_rows_are_refused_with_counts(tmp_path):
    np.save(tmp_path / "bad.npy", _with_invalid_rows())
    msg = _raises(tmp_path / "bad.npy", "bad.npy", "2 row(s) contain NaN or Inf (first: row 3)")
    assert "1 row(s) are all zeros (first: row 6)" in msg and "drop_invalid=True" in msg


def test_invalid_rows_in_text_give_line_numbers(tmp_path):
    lines = ["label,a,b,c"] + _rows(_with_invalid_rows(), labels=list("abcdefghij"))
    _raises(_write(tmp_path / "bad.csv", lines), "bad.csv", "first: row 3, line 4 of the file")


def test_drop_invalid_filters_rows_labels_and_metadata(tmp_path):
    x = _with_invalid_rows()
    labels = list("abcdefghij")
    es = load_embeddings(_write(tmp_path / "bad.csv", _rows(x, labels=labels)), drop_invalid=True)
    keep = [0, 1, 3, 4, 6, 8, 9]
    assert es.dropped == 3 and es.n == 7
    np.testing.assert_array_equal(es.vectors, x[keep])
    assert es.labels == [labels[i] for i in keep] and es.metadata["label"] == es.labels
    assert es.norms.shape == (7,) and np.all(es.norms > 0)


def test_drop_invalid_on_a_memmap_gives_an_array(tmp_path):
    np.save(tmp_path / "bad.npy", _with_invalid_rows())
    es = load_embeddings(tmp_path / "bad.npy", drop_invalid=True)
    assert es.dropped == 3 and not isinstance(es.vectors, np.memmap)
    assert not es.vectors.flags.writeable
    two = _with_invalid_rows()[:4]
    two[0] = np.nan
    two[1] = 0.0  # with row 3's NaN, only row 4 is valid
    np.save(tmp_path / "few.npy", two)
    _raises(tmp_path / "few.npy", "few.npy", "only 1 valid row", drop_invalid=True)


def test_huge_and_tiny_rows_keep_exact_norms(tmp_path):
    x = np.array([[3e19, 4e19], [3e-30, 4e-30], [3e-21, 4e-21], [3.0, 4.0]], dtype=np.float32)
    np.save(tmp_path / "h.npy", x)
    es = load_embeddings(tmp_path / "h.npy")
    np.testing.assert_allclose(es.norms, [5e19, 5e-30, 5e-21, 5.0], rtol=1e-6)
    assert es.dropped == 0


# ------------------------------------------------------------------------- progress, cancel


def test_progress_and_cancel(tmp_path):
    np.save(tmp_path / "e.npy", _matrix(30, 4))
    seen: list[float] = []
    load_embeddings(tmp_path / "e.npy", progress=seen.append, cancelled=lambda: False)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    calls = []

    def cancel_on_second_poll() -> bool:
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(LoadCancelled):
        load_embeddings(tmp_path / "e.npy", cancelled=cancel_on_second_poll)
    with pytest.raises(LoadCancelled):
        load_embeddings(_write(tmp_path / "a.csv", _rows(_matrix())), cancelled=lambda: True)


def test_import_pulls_in_no_heavy_modules():
    code = (
        "import sys, contrastive_viz.core.embeddings\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('sklearn', 'pandas', 'pyarrow', 'PySide6', 'pyqtgraph')]\n"
        "print(bad)"
    )
    root = str(Path(__file__).resolve().parents[3])
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


def test_invalid_rows_error_carries_the_count(tmp_path):
    from contrastive_viz.core.embeddings import InvalidRowsError

    np.save(tmp_path / "bad.npy", _with_invalid_rows())
    with pytest.raises(InvalidRowsError) as info:
        load_embeddings(tmp_path / "bad.npy")
    assert info.value.count == 3 and isinstance(info.value, EmbeddingFileError)
