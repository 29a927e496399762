"""Delimited text files (``.csv``, ``.tsv``, ``.txt``), parsed block by block.

The file is read in blocks of about 16 MiB that end on a line break. Each block is
decoded as UTF-8, split into lines, and its numeric part is parsed in one call to
:func:`numpy.loadtxt` (numpy's C parser). Python only looks at single cells when
that call fails, to name the line and column of the problem. Reading and decoding
the blocks is :mod:`.textblocks`, cells and headers :mod:`.textcells`, and the
parsing of each block :mod:`.textparser`.

Rules (the public docstring of ``load_embeddings`` repeats them):

* Line and column numbers in messages count from 1, as in a text editor.
* Empty lines are allowed only at the end of the file.
* Row 1 is a header when its numeric cells, if any, are exactly 0, 1, 2, ... in order
  (pandas' default column names; a header holds no other numbers) and (a) one of its
  cells is text while the cell below it is a number, or (b) one of its cells is label,
  labels, class or category (any case), or (c) it has at least three numeric cells and
  row 2 has a non-integer number below them. So ``x,y`` over ``1,2`` is a header, and
  ``cat,1,2`` over ``5,1,2`` is data (whose first column then mixes text and numbers).
* With a header: columns named label/labels/class/category are text columns; so is
  every column whose first data cell is text, neither empty nor a number (then no
  cell of it may be a number); so is a first column with an empty or ``Unnamed: 0`` header (a pandas
  index). The label is the first named label column, else the first text column.
* Without a header: the first column is the label when its cells are not numbers.
* Every other cell must be a number, and every line must have as many fields as line 1.
* Quoted fields (``"a, b"``) are understood in comma-separated files only and must
  not span lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .dataset import _err, _Progress, _Raw
from .textblocks import decoded_blocks
from .textcells import WHERE, TextParseError
from .textparser import TextTable, _Parser


def _load_text(path: Path, tick: _Progress) -> _Raw:
    suffix = path.suffix.lower()
    delimiter = {".csv": ",", ".tsv": "\t"}.get(suffix)
    try:
        table = parse_text(path, delimiter, sniff=suffix == ".txt", tick=tick)
    except TextParseError as exc:
        raise _err(path, str(exc)) from None
    return _Raw(table.vectors, table.columns, table.label_column, table.first_data_line)


def parse_text(
    path: Path, delimiter: str | None, sniff: bool, tick: Callable[[float], None]
) -> TextTable:
    """Parse a delimited text file of vectors (see the module docstring for the rules).

    Parameters
    ----------
    path : Path
        The file.
    delimiter : str or None
        ``","`` or ``"\\t"``; ``None`` means runs of whitespace.
    sniff : bool
        Choose the delimiter from the first lines instead (tab, comma, else whitespace).
    tick : callable
        Called with the fraction of the file read; it may raise to cancel.
    """
    parser: _Parser | None = None
    line_no = 1
    blank_since: int | None = None
    total = path.stat().st_size
    for text, bytes_read in decoded_blocks(path, tick):
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        start, line_no = line_no, line_no + len(lines)
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        if end == 0:
            blank_since = start if blank_since is None else blank_since
            continue
        if blank_since is not None:
            raise TextParseError(
                f"line {blank_since} is empty; only empty lines at the end are allowed ({WHERE})"
            )
        if end < len(lines):
            blank_since, lines = start + end, lines[:end]
        if parser is None:
            parser = _Parser(lines[:5], delimiter, sniff, total)
            if parser.header:
                lines, start = lines[1:], start + 1
        if lines:
            parser.feed(lines, start, '"' in text, bytes_read)
    if parser is None:
        raise TextParseError("holds no data (it is empty or has only empty lines)")
    return parser.finish()
