"""Numbers in forms numpy does not read are refused, naming row, column and cell (item 12)."""

import pytest

from contrastive_viz.core.embeddings.textcells import odd_number

from .helpers import _raises, _write

ODD = [
    ("0x1", "hexadecimal"),
    ("-0X1F", "hexadecimal"),
    ("0b101", "hexadecimal, octal or binary"),
    ("1_000", "digit separators"),
    ("1_000.5", "digit separators"),
    ("\u22121.5", "Unicode minus"),
    ("\u20131", "Unicode minus"),
    ("\uff11\uff12", "full-width"),
    ("\uff0d\uff11", "Unicode minus"),
    ("\u0661\u0662", "non-ASCII digits"),
]


@pytest.mark.parametrize(("cell", "why"), ODD)
def test_odd_numbers_are_recognized(cell, why):
    assert why in odd_number(cell)


@pytest.mark.parametrize("cell", ["1", "-1.5", "1e-3", "nan", "inf", "cat", "x1", "", "0x", "1-2"])
def test_plain_numbers_and_text_are_not_odd(cell):
    assert odd_number(cell) is None


@pytest.mark.parametrize(("cell", "why"), ODD)
def test_an_odd_first_column_is_not_taken_as_labels(tmp_path, cell, why):
    path = _write(tmp_path / "v.csv", [f"{cell},2,3", "4,5,6", "7,8,9"])
    _raises(path, "v.csv: ", "line 1, column 1", repr(cell), why)


@pytest.mark.parametrize(("cell", "why"), ODD)
def test_an_odd_cell_in_a_numeric_column_is_named(tmp_path, cell, why):
    path = _write(tmp_path / "v.csv", ["a,b,c", "1,2,3", f"4,{cell},6", "7,8,9"])
    _raises(path, "v.csv: ", "line 3, column 2", repr(cell), why)


def test_an_odd_cell_below_a_header_is_named(tmp_path):
    path = _write(tmp_path / "v.tsv", ["name\tx\ty", "a\t1\t\u22122", "b\t3\t4"], end="\n")
    _raises(path, "v.tsv: ", "line 2, column 3", "'\u22122'", "Unicode minus")


def test_a_named_label_column_may_hold_odd_numbers(tmp_path):
    from contrastive_viz.core.embeddings import load_embeddings

    path = _write(tmp_path / "v.csv", ["label,x,y", "0x1,1,2", "0x2,3,5"])
    assert load_embeddings(path).labels == ["0x1", "0x2"]
