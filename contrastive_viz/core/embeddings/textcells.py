"""Cells and rows of delimited text: numbers, text, the delimiter and the header row."""

from __future__ import annotations

import re

LABEL_NAMES = frozenset({"label", "labels", "class", "category"})
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
