"""Cells and rows of delimited text: numbers, text, the delimiter and the header row."""

from __future__ import annotations

import csv
import re
import unicodedata

LABEL_NAMES = frozenset({"label", "labels", "class", "category"})
WHERE = "lines and columns count from 1, as in a text editor"

_NUM = r"[ \t]*[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|nan|inf(?:inity)?)[ \t]*"
_NUMBER = re.compile(_NUM, re.IGNORECASE)
_NUMBER_LINE = re.compile(rf"^{_NUM}$", re.IGNORECASE | re.MULTILINE)
_PLAIN_INT = re.compile(r"[ \t]*[0-9]+[ \t]*")
_DELIM_NAMES = {",": "commas", "\t": "tabs", None: "whitespace"}


_FIELD_LIMIT = 2**31 - 1


class TextParseError(ValueError):
    """A problem in a text file. The message does not name the file yet."""


def csv_rows(lines: list[str], delimiter: str) -> list[list[str]]:
    """``lines`` split by :mod:`csv` (quoted fields), as a TextParseError when malformed.

    A quoted field may be of any length (labels of millions of characters are data;
    the loaders bound the file's size before it gets here), so the csv module's
    default 128 KiB field limit is lifted first.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error as exc:
        raise TextParseError(f"a quoted field cannot be read: {exc} ({WHERE})") from None


def is_number(cell: str) -> bool:
    """Return whether ``cell`` parses as a float the way :func:`numpy.loadtxt` does."""
    return _NUMBER.fullmatch(cell) is not None


def _is_text(cell: str) -> bool:
    return bool(cell.strip()) and not is_number(cell)


_MINUS_SIGNS = "\u2212\u2012\u2013\u2014\ufe63\uff0d"  # minus, dashes, small/full-width


def odd_number(cell: str) -> str | None:
    """Why ``cell`` looks like a number that the loader does not read, or None.

    ``0x1`` (hexadecimal, octal, binary), ``1_000`` (digit separators), ``−1`` (a
    Unicode minus sign) and ``１２`` (full-width or other non-ASCII digits) are numbers
    to a reader but not to numpy's parser. They are refused, never taken as text.
    """
    c = cell.strip()
    if not c or is_number(c):
        return None
    plain = c.translate({ord(m): "-" for m in _MINUS_SIGNS})
    try:
        int(plain.replace("_", ""), 0)
        if plain.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            return "a hexadecimal, octal or binary integer"
    except ValueError:
        pass
    try:
        float(plain)
    except ValueError:
        return None
    if plain != c:
        return "a Unicode minus sign or dash instead of '-'"
    if "_" in c:
        return "digit separators ('_')"
    if any(ord(ch) > 127 and unicodedata.category(ch) == "Nd" for ch in c):
        return "full-width or non-ASCII digits"
    return "non-ASCII characters"


def _describe(cell: str) -> str:
    if not cell.strip():
        return "the cell is empty"
    why = odd_number(cell)
    if why is not None:
        return (
            f"{cell.strip()!r} looks like a number but uses {why}; write plain ASCII "
            "decimals such as 1000 or -1.5"
        )
    return f"{cell.strip()!r} is not a number"


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
