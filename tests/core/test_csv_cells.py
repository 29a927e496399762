"""CSV cells that cannot hurt a spreadsheet or the encoder (issue 9, item 11, core part)."""

import csv

import numpy as np
import pytest

from contrastive_viz.core import report
from contrastive_viz.core import scene as sc
from contrastive_viz.core.csv_cells import escape_cell, is_number_cell
from contrastive_viz.core.presets import article_example


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-1", "-1"),
        ("-0.5", "-0.5"),
        ("+2e3", "+2e3"),
        ("-inf", "-inf"),
        ("cat", "cat"),
        ("a=b", "a=b"),
        ("", ""),
        (3, "3"),
    ],
)
def test_formulas_get_a_quote_and_numbers_stay_numbers(cell, expected):
    assert escape_cell(cell) == expected


def test_lone_surrogates_are_written_visibly_and_encode():
    cell = escape_cell("bad\udc80name")
    assert cell == "bad\\udc80name"
    cell.encode("utf-8")
    assert escape_cell("=\ud800") == "'=\\ud800"
    assert escape_cell("ok \U0001f600") == "ok \U0001f600"  # a real pair is kept


def test_coordinates_csv_reads_back_with_the_csv_module(tmp_path):
    from contrastive_viz.core.report import write_coordinates

    labels = ["a,b", 'say "hi"', "two\nlines", "=1,2", "-1"]
    coords = np.arange(10, dtype=np.float32).reshape(5, 2) / 3
    write_coordinates(tmp_path / "c.csv", coords, labels, chunk_rows=2)
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["index", "label", "pc1", "pc2"]
    assert [r[1] for r in rows[1:]] == [escape_cell(s) for s in labels]
    assert [r[1] for r in rows[1:]][-2:] == ["'=1,2", "-1"]
    np.testing.assert_array_equal(np.array([r[2:] for r in rows[1:]], dtype=np.float32), coords)


def test_is_number_cell():
    assert is_number_cell("-1") and is_number_cell("1.5e-3") and is_number_cell("NaN")
    assert not is_number_cell("-1+1") and not is_number_cell("0x1") and not is_number_cell("")


def _scene_named(*names):
    s = article_example()
    for i, name in enumerate(names):
        s = s.with_vector(i, name=name)
    return s


def test_playground_csv_escapes_names_and_encodes():
    s = _scene_named('=HYPERLINK("http://evil","x")', "lone\udc80", "-1")
    text = report.to_csv(s, sc.evaluate(s))
    text.encode("utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1]["name"] == "lone\\udc80"
    assert rows[2]["name"] == "-1"
    assert float(rows[0]["cosine"]) == pytest.approx(1.0)


def test_coordinates_csv_escapes_labels_and_encodes(tmp_path):
    coords = np.arange(8, dtype=np.float32).reshape(4, 2)
    labels = ["=cmd|' /C calc'!A0", "x\ud800", "-0.5", "a,b"]
    path = report.write_coordinates(tmp_path / "c.csv", coords, labels)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert [r[1] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "x\\ud800", "-0.5", "a,b"]
    assert rows[1][2:] == ["0.0", "1.0"]
