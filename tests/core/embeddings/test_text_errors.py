"""Text files that cannot be loaded name the line and column; blocks do not change results."""

from __future__ import annotations

import numpy as np
import pytest

from contrastive_viz.core.embeddings import load_embeddings, textblocks

from .helpers import _matrix, _raises, _rows, _write


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
    monkeypatch.setattr(textblocks, "BLOCK_BYTES", 97)
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
    monkeypatch.setattr(textblocks, "BLOCK_BYTES", 4)
    es = load_embeddings(_write(tmp_path / "p.csv", ["0,1,2,3"] + _rows(x)))
    np.testing.assert_array_equal(es.vectors, x)


def test_a_quoted_label_longer_than_the_csv_modules_default_limit_loads(tmp_path):
    from contrastive_viz.core.embeddings import load_embeddings

    long = "x" * 200_000 + ", with a comma"
    p = tmp_path / "long.csv"
    p.write_text(f'label,a,b\n"{long}",1,2\nshort,3,4\n', encoding="utf-8")
    ds = load_embeddings(p)
    assert ds.labels[0] == long and ds.n == 2
    meta = tmp_path / "meta.csv"
    meta.write_text(f'label,note\nA,"{long}"\nB,fine\n', encoding="utf-8")
    vec = tmp_path / "v.csv"
    vec.write_text("1,2\n3,4\n", encoding="utf-8")
    ds = load_embeddings(vec, metadata=meta)
    assert ds.metadata["note"][0] == long
