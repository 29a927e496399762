"""The layout found on a text file's first lines, and the parsing of block after block."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..safe_files import FileRefused, check_fits
from .textcells import (
    _DELIM_NAMES,
    _NUMBER_LINE,
    LABEL_NAMES,
    WHERE,
    TextParseError,
    _describe,
    _is_header,
    _is_text,
    _sniff,
    _unique,
    csv_rows,
    is_number,
    odd_number,
)

MAX_COLUMNS = 100_000  # as validation.MAX_COLUMNS, checked before a line is split


def _check_width(line: str, delim: str | None) -> None:
    """Refuse a first line of more than MAX_COLUMNS fields before splitting it."""
    if delim is not None:
        fields = line.count(delim) + 1
    elif len(line) > 2 * MAX_COLUMNS:
        fields = sum(1 for _ in re.finditer(r"\S+", line))
    else:
        return
    if fields > MAX_COLUMNS:
        raise TextParseError(
            f"line 1 has {fields:,} fields; at most {MAX_COLUMNS:,} columns are supported. "
            "Is the file transposed (one vector per column)?"
        )


def _fits(nbytes: int) -> None:
    try:
        check_fits(nbytes, "the float32 vectors")
    except FileRefused as exc:
        raise TextParseError(str(exc)) from None


@dataclass
class TextTable:
    """What a text file holds: float32 ``vectors`` and text ``columns`` in file order."""

    vectors: np.ndarray
    columns: dict[str, list[str]]
    label_column: str | None
    first_data_line: int


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
        _check_width(first[0], self.delim)
        r1 = self.cells(first[0], 1)
        r2 = self.cells(first[1], 2) if len(first) > 1 else None
        self.m = len(r1)
        self.header = _is_header(r1, r2)
        self.first_data_line = 2 if self.header else 1
        data = r2 if self.header else r1
        if data is not None and len(data) != self.m:
            self._ragged(2, len(data))
        for i, cell in enumerate(data or []):
            named = self.header and r1[i].strip().lower() in LABEL_NAMES
            if not named and odd_number(cell) is not None:
                raise TextParseError(
                    f"line {self.first_data_line}, column {i + 1}: {_describe(cell)} ({WHERE})"
                )
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
            return csv_rows([line], self.delim)[0]
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
            rows = csv_rows(lines, delim)
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
            _fits(max(n1, estimate) * self.d * 4)
            self.buf = np.empty((max(n1, estimate), self.d), dtype=np.float32)
        elif n1 > len(self.buf):
            _fits(max(n1, len(self.buf) * 3 // 2) * self.d * 4)
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
