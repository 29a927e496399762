"""Loading text files: headers, label and metadata columns, delimiters, quotes."""

from __future__ import annotations

import numpy as np
import pytest

from contrastive_viz.core.embeddings import load_embeddings

from .helpers import _matrix, _raises, _rows, _write

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
