"""Tests for contrastive_viz.core.embeddings (no Qt)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from contrastive_viz.core import _textparse
from contrastive_viz.core.embeddings import (
    EmbeddingFileError,
    EmbeddingSet,
    LoadCancelled,
    load_embeddings,
)

RNG = np.random.default_rng(7)


def _rows(x: np.ndarray, delim: str = ",", labels: list[str] | None = None) -> list[str]:
    lines = [delim.join(f"{v:.9g}" for v in row) for row in x]
    if labels is not None:
        lines = [f"{lab}{delim}{line}" for lab, line in zip(labels, lines, strict=True)]
    return lines


def _write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return path


def _matrix(n: int = 6, d: int = 4) -> np.ndarray:
    return RNG.standard_normal((n, d)).astype(np.float32)


def _raises(path: Path, *fragments: str, **kwargs) -> str:
    with pytest.raises(EmbeddingFileError) as info:
        load_embeddings(path, **kwargs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


class Payload:
    """Unpickling this creates the marker file: proof that a pickle was executed."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


# ------------------------------------------------------------------------- npy


def test_float32_npy_is_a_read_only_memmap(tmp_path):
    x = _matrix(50, 8)
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert isinstance(es, EmbeddingSet)
    assert isinstance(es.vectors, np.memmap)
    assert not es.vectors.flags.writeable
    assert (es.n, es.d) == (50, 8)
    np.testing.assert_array_equal(es.vectors, x)
    np.testing.assert_allclose(es.norms, np.linalg.norm(x.astype(np.float64), axis=1), rtol=1e-6)
    assert es.norms.dtype == np.float32
    assert es.labels is None and es.metadata == {} and es.label_column is None
    assert es.path == tmp_path / "e.npy" and es.dropped == 0


@pytest.mark.parametrize("dtype", [np.float64, np.float16, np.int32, np.uint8, ">f4"])
def test_other_npy_dtypes_are_converted_to_float32(tmp_path, dtype):
    x = (RNG.integers(1, 50, size=(7, 3))).astype(dtype)
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert es.vectors.dtype == np.dtype(np.float32) and es.vectors.dtype.isnative
    assert not isinstance(es.vectors, np.memmap)
    np.testing.assert_array_equal(es.vectors, x.astype(np.float32))


def test_fortran_order_npy_is_converted_to_c_order(tmp_path):
    x = np.asfortranarray(_matrix(9, 5))
    np.save(tmp_path / "e.npy", x)
    es = load_embeddings(tmp_path / "e.npy")
    assert es.vectors.flags.c_contiguous
    np.testing.assert_array_equal(es.vectors, x)


def test_d2_coordinates_load_as_is(tmp_path):
    x = np.array([[0.0, 1.0], [2.0, -3.0], [0.5, 0.5]], dtype=np.float32)
    np.save(tmp_path / "xy.npy", x)
    np.testing.assert_array_equal(load_embeddings(tmp_path / "xy.npy").vectors, x)


def test_object_npy_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    payload = np.empty((2, 2), dtype=object)
    payload[0, 0] = Payload(marker)
    np.save(tmp_path / "evil.npy", payload, allow_pickle=True)
    # Control: the payload really runs when numpy is allowed to unpickle it.
    np.load(tmp_path / "evil.npy", allow_pickle=True)
    assert marker.exists()
    marker.unlink()
    _raises(tmp_path / "evil.npy", "evil.npy", "pickle", "refused")
    assert not marker.exists()


def test_raw_pickle_renamed_npy_is_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    data = pickle.dumps(Payload(marker))
    pickle.loads(data)  # control: unpickling it does create the marker
    assert marker.exists()
    marker.unlink()
    (tmp_path / "evil.npy").write_bytes(data)
    _raises(tmp_path / "evil.npy", "evil.npy", "pickle", "not a NumPy .npy file")
    assert not marker.exists()


def test_truncated_npy(tmp_path):
    np.save(tmp_path / "t.npy", _matrix(100, 16))
    full = (tmp_path / "t.npy").read_bytes()
    (tmp_path / "t.npy").write_bytes(full[: len(full) - 1000])
    _raises(tmp_path / "t.npy", "t.npy", "truncated", "100 × 16", "float32")
    (tmp_path / "t.npy").write_bytes(full[:20])
    _raises(tmp_path / "t.npy", "t.npy", "corrupt or truncated")


@pytest.mark.parametrize(
    ("shape", "fragment"),
    [((10,), "2-D"), ((2, 3, 4), "2-D"), ((1, 5), "1 row(s)"), ((5, 1), "1 dimension(s)")],
)
def test_npy_shape_errors(tmp_path, shape, fragment):
    np.save(tmp_path / "s.npy", np.ones(shape, dtype=np.float32))
    _raises(tmp_path / "s.npy", "s.npy", fragment)


@pytest.mark.parametrize("dtype", ["U5", np.complex64, np.bool_])
def test_non_numeric_npy_dtypes_are_refused(tmp_path, dtype):
    np.save(tmp_path / "s.npy", np.ones((3, 3), dtype=dtype))
    _raises(tmp_path / "s.npy", "s.npy", "dtype")


# ------------------------------------------------------------------------- npz


def test_npz_named_vectors_and_labels(tmp_path):
    x = _matrix(5, 3)
    np.savez(tmp_path / "a.npz", X=np.ones((5, 4)), embeddings=x, labels=np.arange(5))
    es = load_embeddings(tmp_path / "a.npz")
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["0", "1", "2", "3", "4"]
    assert es.metadata == {"label": es.labels} and es.label_column == "label"


def test_npz_x_and_y_and_bytes_labels(tmp_path):
    x = _matrix(3, 4).astype(np.float64)
    np.savez_compressed(tmp_path / "a.npz", X=x, y=np.array([b"cat", b"dog", b"cat"]))
    es = load_embeddings(tmp_path / "a.npz")
    np.testing.assert_array_equal(es.vectors, x.astype(np.float32))
    assert es.labels == ["cat", "dog", "cat"]


def test_npz_only_2d_array_is_used(tmp_path):
    x = _matrix(4, 3)
    np.savez(tmp_path / "a.npz", feats=x, ids=np.arange(4))
    np.testing.assert_array_equal(load_embeddings(tmp_path / "a.npz").vectors, x)
    assert load_embeddings(tmp_path / "a.npz").labels is None


def test_npz_ambiguous_or_missing_vectors(tmp_path):
    np.savez(tmp_path / "a.npz", first=_matrix(), second=_matrix())
    _raises(tmp_path / "a.npz", "a.npz", "several 2-D arrays", "first", "second")
    np.savez(tmp_path / "b.npz", ids=np.arange(4))
    _raises(tmp_path / "b.npz", "b.npz", "no 2-D array", "ids")


def test_npz_object_arrays_are_refused_and_never_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    labels = np.array([Payload(marker), "b"], dtype=object)
    np.savez(tmp_path / "a.npz", embeddings=_matrix(2, 3), labels=labels)
    _raises(tmp_path / "a.npz", "a.npz", "'labels' holds Python objects", "refused")
    obj_vectors = np.empty((2, 2), dtype=object)
    obj_vectors[0, 0] = Payload(marker)
    np.savez(tmp_path / "b.npz", embeddings=obj_vectors)
    _raises(tmp_path / "b.npz", "b.npz", "pickle", "refused")
    assert not marker.exists()


def test_npz_label_length_mismatch_and_corrupt_archive(tmp_path):
    np.savez(tmp_path / "a.npz", embeddings=_matrix(4, 3), labels=np.arange(3))
    _raises(tmp_path / "a.npz", "a.npz", "'labels' has shape (3,)", "4 rows")
    (tmp_path / "c.npz").write_bytes(b"PK\x03\x04 not really a zip")
    _raises(tmp_path / "c.npz", "c.npz", "not a valid .npz")


# ------------------------------------------------------------------------- text


def test_csv_without_header(tmp_path):
    x = _matrix()
    es = load_embeddings(_write(tmp_path / "a.csv", _rows(x)))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels is None and es.metadata == {}
    assert not es.vectors.flags.writeable


def test_csv_with_header_and_named_label_column_anywhere(tmp_path):
    x = _matrix(3, 3)
    lines = ["a,Class,b,c"] + [
        f"{r[0]:.9g},{lab},{r[1]:.9g},{r[2]:.9g}" for lab, r in zip("xyz", x, strict=True)
    ]
    es = load_embeddings(_write(tmp_path / "a.csv", lines))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["x", "y", "z"] and es.label_column == "Class"


def test_named_label_column_may_hold_numbers(tmp_path):
    x = _matrix(3, 2)
    lines = ["e0,e1,label"] + [f"{r[0]:.9g},{r[1]:.9g},{i}" for i, r in enumerate(x)]
    es = load_embeddings(_write(tmp_path / "a.csv", lines))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["0", "1", "2"]


def test_first_text_column_is_the_label_with_or_without_header(tmp_path):
    x = _matrix(4, 3)
    labels = ["cat", "dog", "cat", "emu"]
    es = load_embeddings(_write(tmp_path / "a.csv", _rows(x, labels=labels)))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == labels and es.metadata == {"label": labels}
    es = load_embeddings(_write(tmp_path / "b.csv", ["name,f0,f1,f2"] + _rows(x, labels=labels)))
    assert es.labels == labels and es.label_column == "name"


def test_other_text_columns_with_header_become_metadata(tmp_path):
    lines = ["id,text,label,e0,e1", "a1,hello there,pos,1,2", "a2,bye,neg,3,4"]
    es = load_embeddings(_write(tmp_path / "a.csv", lines))
    assert list(es.metadata) == ["id", "text", "label"]
    assert es.metadata["text"] == ["hello there", "bye"]
    assert es.labels == ["pos", "neg"]
    np.testing.assert_array_equal(es.vectors, [[1, 2], [3, 4]])


def test_pandas_index_column_and_default_integer_names(tmp_path):
    x = _matrix(3, 4)
    lines = [",0,1,2,3"] + [f"{i}," + line for i, line in enumerate(_rows(x))]
    es = load_embeddings(_write(tmp_path / "idx.csv", lines))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.metadata == {"index": ["0", "1", "2"]} and es.labels is None
    es = load_embeddings(_write(tmp_path / "names.csv", ["0,1,2,3"] + _rows(x)))
    np.testing.assert_array_equal(es.vectors, x)


def test_integer_first_row_of_few_columns_is_data(tmp_path):
    # Two columns "0,1" are a plausible point, not pandas column names.
    es = load_embeddings(_write(tmp_path / "xy.csv", ["0,1", "0.5,0.25", "2,3"]))
    np.testing.assert_array_equal(es.vectors, [[0, 1], [0.5, 0.25], [2, 3]])


@pytest.mark.parametrize(
    ("lines", "vectors", "labels"),
    [
        (["x,y", "1,2", "3,4"], [[1, 2], [3, 4]], None),
        (["1,2", "3,4"], [[1, 2], [3, 4]], None),
        (["label,0,1", "cat,1,2", "dog,3,4"], [[1, 2], [3, 4]], ["cat", "dog"]),
        (["word,0,1,2", "cat,0.5,2,3", "dog,3,4,5"], [[0.5, 2, 3], [3, 4, 5]], ["cat", "dog"]),
    ],
)
def test_header_detection(tmp_path, lines, vectors, labels):
    es = load_embeddings(_write(tmp_path / "h.csv", lines))
    np.testing.assert_array_equal(es.vectors, vectors)
    assert es.labels == labels


@pytest.mark.parametrize(
    ("lines", "fragments"),
    [
        (["1,2,3", "4,x,5", "6,7,8"], ["line 2, column 2", "'x'"]),
        (["cat,1,2", "5,1,2", "6,1,2"], ["line 1, column 1", "'cat'", "'5' on line 2"]),
        (["h1,h2,h3", "1,,2", "3,,4"], ["line 2, column 2", "empty"]),
        (["a,b", "", "1,2"], ["line 2 is empty"]),
    ],
)
def test_rows_that_only_look_like_headers_are_data(tmp_path, lines, fragments):
    _raises(_write(tmp_path / "h.csv", lines), "h.csv", *fragments)


def test_labels_and_numbers_may_have_spaces_around_them(tmp_path):
    es = load_embeddings(_write(tmp_path / "s.csv", [" cat , 1, 2", "dog ,3 , 4"]))
    assert es.labels == ["cat", "dog"]
    np.testing.assert_array_equal(es.vectors, [[1, 2], [3, 4]])


def test_quoted_labels_in_csv(tmp_path):
    lines = ['"cat, small",1,2', '"dog ""big""",3,4', "emu,5,6"]
    es = load_embeddings(_write(tmp_path / "q.csv", lines))
    assert es.labels == ["cat, small", 'dog "big"', "emu"]
    np.testing.assert_array_equal(es.vectors, [[1, 2], [3, 4], [5, 6]])


def test_quoted_field_spanning_lines_is_an_error(tmp_path):
    lines = ['"cat', 'dog",1,2', "emu,3,4", "fox,5,6"]
    _raises(_write(tmp_path / "q.csv", lines), "q.csv", "line 1 has an unclosed quote")
    lines = ["emu,3,4", '"cat', 'dog",1,2', "fox,5,6"]
    _raises(_write(tmp_path / "r.csv", lines), "r.csv", "line 2 has an unclosed quote")


@pytest.mark.parametrize(("sep", "name"), [("\t", "t.txt"), (",", "c.txt"), ("  ", "w.txt")])
def test_txt_delimiter_is_sniffed(tmp_path, sep, name):
    x = _matrix(5, 3)
    es = load_embeddings(_write(tmp_path / name, _rows(x, sep, labels=list("abcde"))))
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == list("abcde")


def test_crlf_bom_and_trailing_blank_lines_are_fine(tmp_path):
    x = _matrix(3, 3)
    path = tmp_path / "w.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(_rows(x)) + "\r\n\r\n  \r\n").encode())
    np.testing.assert_array_equal(load_embeddings(path).vectors, x)


def test_empty_line_inside_is_an_error(tmp_path):
    lines = _rows(_matrix(4, 3))
    _raises(_write(tmp_path / "a.csv", lines[:2] + [""] + lines[2:]), "a.csv", "line 3 is empty")
    _raises(_write(tmp_path / "b.csv", [""] + lines), "b.csv", "line 1 is empty")


@pytest.mark.parametrize("labelled", [False, True])
def test_ragged_rows_name_the_line_and_counts(tmp_path, labelled):
    lines = _rows(_matrix(5, 4), labels=list("abcde") if labelled else None)
    lines[3] += ",7"
    m = 5 if labelled else 4
    _raises(
        _write(tmp_path / "r.csv", lines), "r.csv", f"line 4 has {m + 1} fields", f"line 1 has {m}"
    )
    lines[3] = lines[3].rsplit(",", 2)[0]
    _raises(_write(tmp_path / "s.csv", lines), "s.csv", f"line 4 has {m - 1} fields")


def test_ragged_row_with_label_in_last_column(tmp_path):
    lines = ["e0,e1,label", "1,2,a", "3,4,b,extra"]
    _raises(_write(tmp_path / "r.csv", lines), "r.csv", "line 3 has 4 fields")


def test_non_numeric_cell_names_line_and_column(tmp_path):
    lines = ["f0,f1,f2"] + _rows(_matrix(4, 3))
    lines[3] = lines[3].split(",")[0] + ",oops," + lines[3].split(",")[2]
    msg = _raises(_write(tmp_path / "n.csv", lines), "n.csv", "line 4, column 2", "'oops'")
    assert "count from 1" in msg
    lines[3] = lines[3].replace("oops", "")
    _raises(_write(tmp_path / "e.csv", lines), "e.csv", "line 4, column 2", "empty")


def test_non_numeric_cell_after_a_label_column(tmp_path):
    lines = _rows(_matrix(4, 3), "\t", labels=list("abcd"))
    lines[2] = lines[2].rsplit("\t", 1)[0] + "\tN/A"
    _raises(_write(tmp_path / "n.tsv", lines), "n.tsv", "line 3, column 4", "'N/A'")


def test_first_column_with_text_and_numbers_is_an_error(tmp_path):
    lines = _rows(_matrix(4, 3), labels=["cat", "dog", "3", "emu"])
    _raises(_write(tmp_path / "m.csv", lines), "m.csv", "line 1, column 1", "'3'", "line 3")


def test_binary_and_non_utf8_files(tmp_path):
    np.save(tmp_path / "x.npy", _matrix())
    (tmp_path / "bin.csv").write_bytes((tmp_path / "x.npy").read_bytes())
    _raises(tmp_path / "bin.csv", "bin.csv", "binary", "byte offset")
    (tmp_path / "latin.csv").write_bytes(b"1,2\n3,4\nna\xefve,5\n")
    _raises(tmp_path / "latin.csv", "latin.csv", "not UTF-8", "0xef", "byte offset 10")
    (tmp_path / "u16.csv").write_bytes("1,2\n3,4\n".encode("utf-16"))
    _raises(tmp_path / "u16.csv", "u16.csv", "UTF-16")


def test_text_shape_errors(tmp_path):
    _raises(_write(tmp_path / "one.csv", ["1,2,3"]), "one.csv", "1 row(s)")
    _raises(_write(tmp_path / "hdr.csv", ["a,b,c"]), "hdr.csv", "0 row(s)")
    _raises(_write(tmp_path / "col.csv", ["1", "2", "3"]), "col.csv", "1 numeric column")
    _raises(_write(tmp_path / "blank.csv", ["", ""]), "blank.csv", "no data")


def test_many_small_blocks_give_the_same_result(tmp_path, monkeypatch):
    x = _matrix(200, 5)
    labels = [f"w{i}" for i in range(200)]
    path = _write(tmp_path / "a.csv", ["word,a,b,c,d,e"] + _rows(x, labels=labels))
    monkeypatch.setattr(_textparse, "BLOCK_BYTES", 97)
    fractions: list[float] = []
    es = load_embeddings(path, progress=fractions.append)
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == labels
    assert len(fractions) > 20 and fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    lines = ["word,a,b,c,d,e"] + _rows(x, labels=labels)
    lines[150] = lines[150] + ",9"
    _raises(_write(tmp_path / "b.csv", lines), "b.csv", "line 151 has 7 fields")
    lines = ["word,a,b,c,d,e"] + _rows(x, labels=labels) + ["", ""]
    np.testing.assert_array_equal(load_embeddings(_write(tmp_path / "c.csv", lines)).vectors, x)
    lines.append("w,1,2,3,4,5")
    _raises(_write(tmp_path / "d.csv", lines), "d.csv", "line 202 is empty")
    lines = lines[:-3] + [""] * 300 + ["w,1,2,3,4,5"]  # whole blocks of empty lines
    _raises(_write(tmp_path / "e.csv", lines), "e.csv", "line 202 is empty")


def test_first_block_holds_two_lines_for_header_detection(tmp_path, monkeypatch):
    x = _matrix(3, 4)
    monkeypatch.setattr(_textparse, "BLOCK_BYTES", 4)
    es = load_embeddings(_write(tmp_path / "p.csv", ["0,1,2,3"] + _rows(x)))
    np.testing.assert_array_equal(es.vectors, x)


# ------------------------------------------------------------------------- common errors


def test_missing_empty_and_unknown_files(tmp_path):
    _raises(tmp_path / "nope.npy", "nope.npy", "not found")
    (tmp_path / "empty.csv").write_bytes(b"")
    _raises(tmp_path / "empty.csv", "empty.csv", "empty")
    (tmp_path / "e.h5").write_bytes(b"x")
    _raises(tmp_path / "e.h5", "e.h5", "unsupported", ".npy", ".npz", ".csv", ".parquet")
    (tmp_path / "dir.npy").mkdir()
    _raises(tmp_path / "dir.npy", "dir.npy", "not a file")


def test_errors_are_value_errors_and_cancel_is_not():
    assert issubclass(EmbeddingFileError, ValueError)
    assert not issubclass(LoadCancelled, EmbeddingFileError)
    assert not issubclass(LoadCancelled, ValueError)


# ------------------------------------------------------------------------- invalid rows


def _with_invalid_rows() -> np.ndarray:
    x = _matrix(10, 3)
    x[2, 1] = np.nan
    x[5] = 0.0
    x[7, 0] = np.inf
    return x


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


# ------------------------------------------------------------------------- projector pair


def _projector(tmp_path: Path, meta_lines: list[str], name: str = "vectors.tsv"):
    x = _matrix(4, 3)
    _write(tmp_path / name, _rows(x, "\t"))
    _write(tmp_path / name.replace("vectors", "metadata"), meta_lines)
    return x, tmp_path / name


def test_projector_pair_single_column_is_auto_detected(tmp_path):
    x, vec = _projector(tmp_path, ["cat", "dog", "cat", "emu"])
    es = load_embeddings(vec)
    np.testing.assert_array_equal(es.vectors, x)
    assert es.labels == ["cat", "dog", "cat", "emu"] and es.label_column == "label"


def test_projector_pair_with_prefix_and_header(tmp_path):
    meta = ["word\tClass\tfreq", "a\tX\t1", "b\tY\t2", "c\tX\t3", "d\tZ\t4"]
    _, vec = _projector(tmp_path, meta, name="run1_vectors.tsv")
    es = load_embeddings(vec)
    assert list(es.metadata) == ["word", "Class", "freq"]
    assert es.labels == ["X", "Y", "X", "Z"] and es.label_column == "Class"
    assert es.metadata["freq"] == ["1", "2", "3", "4"]


def test_projector_multi_column_without_label_name_uses_first(tmp_path):
    _, vec = _projector(tmp_path, ["word\tfreq", "a\t1", "b\t2", "c\t3", "d\t4"])
    assert load_embeddings(vec).labels == ["a", "b", "c", "d"]


def test_explicit_metadata_file_for_any_format(tmp_path):
    x = _matrix(4, 3)
    np.save(tmp_path / "e.npy", x)
    _write(tmp_path / "labels.tsv", ["label", "a", "b", "c", "d"])
    es = load_embeddings(tmp_path / "e.npy", metadata=tmp_path / "labels.tsv")
    assert isinstance(es.vectors, np.memmap)
    assert es.labels == ["a", "b", "c", "d"]


def test_metadata_file_label_wins_and_names_do_not_clash(tmp_path):
    x = _matrix(3, 2)
    _write(tmp_path / "e.csv", ["label,a,b"] + _rows(x, labels=["p", "q", "r"]))
    _write(tmp_path / "m.tsv", ["label\tcolour", "cat\tred", "dog\tblue", "emu\tred"])
    es = load_embeddings(tmp_path / "e.csv", metadata=tmp_path / "m.tsv")
    assert list(es.metadata) == ["label", "label (metadata)", "colour"]
    assert es.label_column == "label (metadata)" and es.labels == ["cat", "dog", "emu"]
    assert es.metadata["label"] == ["p", "q", "r"]


def test_projector_metadata_count_mismatch(tmp_path):
    _, vec = _projector(tmp_path, ["cat", "dog", "emu"])
    _raises(vec, "metadata.tsv", "3 rows", "vectors.tsv has 4")
    _raises(vec, "metadata.tsv", "has 3 rows", metadata=tmp_path / "metadata.tsv")


def test_projector_ragged_metadata_and_missing_metadata(tmp_path):
    _, vec = _projector(tmp_path, ["w\tf", "a\t1", "b", "c\t3", "d\t4"])
    _raises(vec, "metadata.tsv", "line 3 has 1 fields")
    _raises(vec, "gone.tsv", "not found", metadata=tmp_path / "gone.tsv")


def test_no_auto_metadata_for_other_names(tmp_path):
    x = _matrix(4, 3)
    _write(tmp_path / "emb.tsv", _rows(x, "\t"))
    _write(tmp_path / "metadata.tsv", ["a", "b", "c", "d"])
    assert load_embeddings(tmp_path / "emb.tsv").labels is None


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
    root = str(Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------- round trip

_finite32 = st.floats(
    min_value=-1e6, max_value=1e6, width=32, allow_nan=False, allow_subnormal=False
)


@settings(max_examples=40, deadline=None)
@given(
    x=hnp.arrays(np.float32, st.tuples(st.integers(2, 12), st.integers(2, 6)), elements=_finite32),
    fmt=st.sampled_from(["csv", "tsv", "txt", "npy", "npz"]),
    labelled=st.booleans(),
    block=st.sampled_from([64, 1 << 20]),
)
def test_round_trip(x, fmt, labelled, block):
    x[np.all(x == 0, axis=1), 0] = 1.0  # all-zero rows are invalid by design
    labels = [f"p{i}" for i in range(len(x))] if labelled and fmt != "npy" else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"e.{fmt}"
        if fmt == "npy":
            np.save(path, x)
        elif fmt == "npz":
            extra = {"labels": np.array(labels)} if labelled else {}
            np.savez(path, vectors=x, **extra)
        else:
            _write(path, _rows(x, "\t" if fmt != "csv" else ",", labels=labels))
        old = _textparse.BLOCK_BYTES
        _textparse.BLOCK_BYTES = block
        try:
            es = load_embeddings(path)
        finally:
            _textparse.BLOCK_BYTES = old
        np.testing.assert_array_equal(es.vectors, x)
        assert es.labels == labels
        expected = np.linalg.norm(x.astype(np.float64), axis=1)
        np.testing.assert_allclose(es.norms, expected, rtol=2e-6)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list(',\t 0123456789.-+eE\n"abc\r')), max_size=80),
    fmt=st.sampled_from(["csv", "tsv", "txt"]),
    block=st.sampled_from([3, 1 << 20]),
)
def test_any_text_loads_or_raises_embedding_file_error(text, fmt, block):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f.{fmt}"
        path.write_text(text, encoding="utf-8", newline="")
        old = _textparse.BLOCK_BYTES
        _textparse.BLOCK_BYTES = block
        try:
            es = load_embeddings(path)
        except EmbeddingFileError as exc:
            assert str(exc).startswith(f"f.{fmt}: ")
        else:
            assert es.n >= 2 and es.d >= 2 and es.vectors.dtype == np.float32
            assert np.all(np.isfinite(es.norms)) and np.all(es.norms > 0)
        finally:
            _textparse.BLOCK_BYTES = old


def test_invalid_rows_error_carries_the_count(tmp_path):
    from contrastive_viz.core.embeddings import InvalidRowsError

    np.save(tmp_path / "bad.npy", _with_invalid_rows())
    with pytest.raises(InvalidRowsError) as info:
        load_embeddings(tmp_path / "bad.npy")
    assert info.value.count == 3 and isinstance(info.value, EmbeddingFileError)
