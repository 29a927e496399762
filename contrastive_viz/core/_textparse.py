"""Chunked parsing of delimited text embedding files (internal to ``core.embeddings``).

The file is read in blocks of about 16 MiB that end on a line break. Each block is
decoded as UTF-8, split into lines, and its numeric part is parsed in one call to
:func:`numpy.loadtxt` (numpy's C parser). Python only looks at single cells when
that call fails, to name the line and column of the problem.

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

import csv
import mmap
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABEL_NAMES = frozenset({"label", "labels", "class", "category"})
BLOCK_BYTES = 16 * 2**20
WHERE = "lines and columns count from 1, as in a text editor"

_NUM = r"[ \t]*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|nan|inf(?:inity)?)[ \t]*"
_NUMBER = re.compile(_NUM, re.IGNORECASE)
_NUMBER_LINE = re.compile(rf"^{_NUM}$", re.IGNORECASE | re.MULTILINE)
_PLAIN_INT = re.compile(r"[ \t]*[0-9]+[ \t]*")
_DELIM_NAMES = {",": "commas", "\t": "tabs", None: "whitespace"}


class TextParseError(ValueError):
    """A problem in a text file. The message does not name the file yet."""


def is_number(cell: str) -> bool:
    """Return whether ``cell`` parses as a float the way :func:`numpy.loadtxt` does."""
    return _NUMBER.fullmatch(cell) is not None


def _is_text(cell: str) -> bool:
    return bool(cell.strip()) and not is_number(cell)


def _describe(cell: str) -> str:
    return "the cell is empty" if not cell.strip() else f"{cell.strip()!r} is not a number"


@dataclass
class TextTable:
    """What a text file holds: float32 ``vectors`` and text ``columns`` in file order."""

    vectors: np.ndarray
    columns: dict[str, list[str]]
    label_column: str | None
    first_data_line: int


def _decode(mm: mmap.mmap, start: int, end: int) -> str:
    if start == 0 and mm[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TextParseError("is UTF-16 text; save it as UTF-8")
    nul = mm.find(b"\x00", start, end)
    if nul >= 0:
        raise TextParseError(f"is a binary file, not text (NUL byte at byte offset {nul}, from 0)")
    try:
        with memoryview(mm) as view, view[start:end] as piece:
            text = str(piece, "utf-8")
    except UnicodeDecodeError as exc:
        raise TextParseError(
            f"is not UTF-8 text (byte 0x{mm[start + exc.start]:02x} at byte offset "
            f"{start + exc.start}, from 0)"
        ) from None
    if start == 0 and text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decoded_blocks(path: Path, tick: Callable[[float], None]) -> Iterator[tuple[str, int]]:
    """Yield ``(text, bytes_read)`` for blocks of the file that end on a line break.

    The file is memory-mapped, so a block is decoded without an extra copy. The first
    block holds at least two lines when the file has them (for header detection).
    ``tick`` gets the fraction of the file read after each block.
    """
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if hasattr(mm, "madvise") and hasattr(mmap, "MADV_SEQUENTIAL"):
            mm.madvise(mmap.MADV_SEQUENTIAL)  # read ahead on a cold file
        start = 0
        while start < size:
            end = min(start + BLOCK_BYTES, size)
            if start == 0:  # make sure the first block holds two lines
                first_nl = mm.find(b"\n")
                second_nl = mm.find(b"\n", first_nl + 1) if first_nl >= 0 else -1
                end = max(end, second_nl + 1)
            if end < size:
                cut = mm.rfind(b"\n", start, end)
                cut = cut if cut >= 0 else mm.find(b"\n", end)  # a line longer than a block
                end = size if cut < 0 else cut + 1
            text = _decode(mm, start, end)
            start = end
            yield text, end
            tick(end / size)


def _sniff(lines: list[str]) -> str | None:
    sample = lines[:5]
    if all("\t" in ln for ln in sample):
        return "\t"
    if all("," in ln for ln in sample):
        return ","
    return None


def _is_header(r1: list[str], r2: list[str] | None) -> bool:
    nums = [i for i, c in enumerate(r1) if is_number(c)]
    if not all(_PLAIN_INT.fullmatch(r1[i]) for i in nums):
        return False
    if [int(r1[i]) for i in nums] != list(range(len(nums))):
        return False  # numbers in a header can only be pandas' names 0, 1, 2, ...
    if any(c.strip().lower() in LABEL_NAMES for c in r1):
        return True
    if r2 is None:
        return len(nums) < len(r1)
    if any(not is_number(a) and is_number(b) for a, b in zip(r1, r2, strict=False)):
        return True
    below = [r2[i] for i in nums if i < len(r2)]
    return len(nums) >= 3 and any(is_number(c) and not _PLAIN_INT.fullmatch(c) for c in below)


def _unique(name: str, used: set[str]) -> str:
    base, k = name, 2
    while name in used:
        name, k = f"{base} ({k})", k + 1
    used.add(name)
    return name


class _Parser:
    """Holds the layout found on the first lines and parses block after block."""

    def __init__(self, first: list[str], delimiter: str | None, sniff: bool, total_bytes: int):
        for no, line in enumerate(first[:2], start=1):
            if not line.strip():
                raise TextParseError(
                    f"line {no} is empty; only empty lines at the end are allowed ({WHERE})"
                )
        self.delim = _sniff(first) if sniff else delimiter
        self.quotes = self.delim == ","
        r1 = self.cells(first[0], 1)
        r2 = self.cells(first[1], 2) if len(first) > 1 else None
        self.m = len(r1)
        self.header = _is_header(r1, r2)
        self.first_data_line = 2 if self.header else 1
        data = r2 if self.header else r1
        if data is not None and len(data) != self.m:
            self._ragged(2, len(data))
        self.must_be_text: dict[int, str] = {}  # column -> its cell on the first data row
        names, label_idx = self._text_columns(r1, data)
        self.text_idx = sorted(names)
        self.text_set = set(names)
        self.num_idx = [i for i in range(self.m) if i not in self.text_set]
        self.d = len(self.num_idx)
        if self.d < 2:
            raise TextParseError(
                f"has {self.d} numeric column(s) (fields separated by {_DELIM_NAMES[self.delim]}); "
                "an embedding needs at least 2 dimensions"
            )
        used: set[str] = set()
        self.names = {i: _unique(names[i], used) for i in self.text_idx}
        self.label = self.names[label_idx] if label_idx is not None else None
        self.text_cells: dict[int, list[str]] = {i: [] for i in self.text_idx}
        self.total_bytes = total_bytes
        self.buf: np.ndarray | None = None
        self.n = 0

    def _text_columns(self, r1: list[str], data: list[str] | None) -> tuple[dict, int | None]:
        names: dict[int, str] = {}
        if not self.header:
            if data is not None and _is_text(data[0]):
                names[0] = "label"
                self.must_be_text[0] = data[0]
            return names, (0 if names else None)
        heads = [c.strip() for c in r1]
        label_idx = next((i for i, h in enumerate(heads) if h.lower() in LABEL_NAMES), None)
        names.update({i: h for i, h in enumerate(heads) if h.lower() in LABEL_NAMES})
        for i, cell in enumerate(data or []):
            if i not in names and _is_text(cell):
                names[i] = heads[i] or f"column {i + 1}"
                self.must_be_text[i] = cell
        if 0 not in names and heads[0].lower() in ("", "unnamed: 0"):
            names[0] = heads[0] or "index"
        if label_idx is None and self.must_be_text:
            label_idx = min(self.must_be_text)
        return names, label_idx

    def cells(self, line: str, no: int) -> list[str]:
        """Split line number ``no`` into its fields."""
        if self.delim is None:
            return line.split()
        if self.quotes and '"' in line:
            if line.count('"') % 2:
                raise TextParseError(
                    f"line {no} has an unclosed quote (a quoted field may not span lines; {WHERE})"
                )
            return next(csv.reader([line], delimiter=self.delim))
        return line.split(self.delim)

    def _ragged(self, line_no: int, count: int) -> None:
        raise TextParseError(
            f"line {line_no} has {count} fields but line 1 has {self.m} "
            f"(fields separated by {_DELIM_NAMES[self.delim]}; {WHERE})"
        )

    def diagnose(self, lines: list[str], start: int) -> None:
        """Raise a TextParseError for the first bad line or cell, if there is one."""
        for off, line in enumerate(lines):
            no = start + off
            if not line.strip():
                raise TextParseError(
                    f"line {no} is empty; only empty lines at the end are allowed ({WHERE})"
                )
            cells = self.cells(line, no)
            if len(cells) != self.m:
                self._ragged(no, len(cells))
            for i, cell in enumerate(cells):
                if i not in self.text_set and not is_number(cell):
                    raise TextParseError(f"line {no}, column {i + 1}: {_describe(cell)} ({WHERE})")

    def _extract(self, lines: list[str], quoted: bool) -> list[str] | None:
        """Move the text cells of ``lines`` to ``text_cells``; return the numeric lines."""
        tc, delim = self.text_idx, self.delim
        if quoted:
            rows = list(csv.reader(lines, delimiter=delim))
            if len(rows) != len(lines) or any(len(r) != self.m for r in rows):
                return None
            cols = [[r[i].strip() for r in rows] for i in tc]
            numeric = [",".join([r[i] for i in self.num_idx]) for r in rows]
        elif tc == [0] and delim is not None:
            parts = [ln.partition(delim) for ln in lines]
            if not all(p[1] for p in parts):
                return None
            cols = [[p[0].strip() for p in parts]]
            numeric = [p[2] for p in parts]
        else:
            k, joiner = tc[-1], delim or " "
            before = [i for i in range(k) if i not in self.text_set]
            last = k == self.m - 1
            splits = [ln.split(delim, k if last else k + 1) for ln in lines]
            want = k + 1 if last else k + 2
            if any(len(p) != want for p in splits):
                return None
            if last and any(len(p[k].split(delim)) != 1 for p in splits):
                return None
            cols = [[p[i].strip() for p in splits] for i in tc]
            tail = [] if last else [k + 1]
            numeric = [joiner.join([p[i] for i in before + tail]) for p in splits]
        for i, col in zip(tc, cols, strict=True):
            self.text_cells[i].extend(col)
        return numeric

    def _check_text(self, start: int, n_new: int, quoted: bool) -> None:
        for i, example in self.must_be_text.items():
            col = self.text_cells[i][len(self.text_cells[i]) - n_new :]
            if quoted:
                hit = next((r for r, c in enumerate(col) if is_number(c)), None)
            else:
                joined = "\n".join(col)
                found = _NUMBER_LINE.search(joined)
                hit = None if found is None else joined.count("\n", 0, found.start())
            if hit is not None:
                raise TextParseError(
                    f"line {self.first_data_line}, column {i + 1}: {_describe(example)} "
                    f"(column {i + 1} holds text there but the number {col[hit]!r} on line "
                    f"{start + hit}; a column must be all numbers or all text; {WHERE})"
                )

    def feed(self, lines: list[str], start: int, quoted: bool, bytes_read: int) -> None:
        """Parse ``lines`` (the first one is line ``start`` of the file)."""
        numeric: list[str] | None = lines
        quoted = quoted and self.quotes
        if self.text_idx:
            numeric = self._extract(lines, quoted)
            if numeric is None:
                self.diagnose(lines, start)
                raise TextParseError(f"lines {start}-{start + len(lines) - 1} are malformed")
            self._check_text(start, len(lines), quoted)
        qc = '"' if quoted and not self.text_idx else None
        delim = "," if quoted else self.delim
        try:
            arr = np.loadtxt(
                numeric, delimiter=delim, dtype=np.float32, comments=None, ndmin=2, quotechar=qc
            )
        except ValueError as exc:
            self.diagnose(lines, start)
            raise TextParseError(f"lines {start}-{start + len(lines) - 1}: {exc}") from None
        if arr.shape != (len(lines), self.d):
            self.diagnose(lines, start)
            raise TextParseError(f"lines {start}-{start + len(lines) - 1} are malformed")
        self._append(arr, bytes_read)

    def _append(self, arr: np.ndarray, bytes_read: int) -> None:
        n1 = self.n + len(arr)
        if self.buf is None:
            estimate = int(n1 * self.total_bytes / max(bytes_read, 1) * 1.02) + 16
            self.buf = np.empty((max(n1, estimate), self.d), dtype=np.float32)
        elif n1 > len(self.buf):
            grown = np.empty((max(n1, len(self.buf) * 3 // 2), self.d), dtype=np.float32)
            grown[: self.n] = self.buf[: self.n]
            self.buf = grown
        self.buf[self.n : n1] = arr
        self.n = n1

    def finish(self) -> TextTable:
        if self.buf is None:
            vectors = np.empty((0, self.d), dtype=np.float32)
        elif len(self.buf) > self.n * 1.1:
            vectors = self.buf[: self.n].copy()
        else:
            vectors = self.buf[: self.n]
        columns = {self.names[i]: self.text_cells[i] for i in self.text_idx}
        return TextTable(vectors, columns, self.label, self.first_data_line)


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


def read_metadata(path: Path, n_rows: int) -> tuple[dict[str, list[str]], str]:
    """Read an Embedding Projector metadata file: one row per vector.

    A single-column file has no header (as in the TensorFlow Embedding Projector),
    unless it has exactly ``n_rows + 1`` lines and the first is label/labels/class/
    category. With several columns the first row is the header. Tab separated, or
    comma separated when the name ends in ``.csv``.

    Returns
    -------
    columns : dict of str to list of str
        Every column, in file order.
    label : str
        The column named label/labels/class/category, else the first column.
    """
    text = "".join(t for t, _ in decoded_blocks(path, lambda _f: None))
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise TextParseError("holds no rows")
    delim = "," if path.suffix.lower() == ".csv" else "\t"
    if delim not in lines[0]:
        if len(lines) == n_rows + 1 and lines[0].strip().lower() in LABEL_NAMES:
            lines = lines[1:]
        bad = next((i for i, ln in enumerate(lines) if delim in ln), None)
        if bad is not None:
            raise TextParseError(
                f"line {bad + 1} has several fields but line 1 has one (a single-column "
                f"metadata file has no header row; {WHERE})"
            )
        return {"label": [ln.strip() for ln in lines]}, "label"
    rows = list(csv.reader(lines, delimiter=delim)) if delim == "," else None
    rows = rows if rows is not None else [ln.split(delim) for ln in lines]
    header = [c.strip() for c in rows[0]]
    for no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise TextParseError(
                f"line {no} has {len(row)} fields but the header (line 1) has {len(header)} "
                f"({WHERE})"
            )
    used: set[str] = set()
    names = [_unique(h or f"column {i + 1}", used) for i, h in enumerate(header)]
    columns = {name: [r[i].strip() for r in rows[1:]] for i, name in enumerate(names)}
    label = next(
        (nm for nm, h in zip(names, header, strict=True) if h.lower() in LABEL_NAMES), names[0]
    )
    return columns, label
