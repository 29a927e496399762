"""Text cells for CSV files that users open in spreadsheets: no formulas, always encodable.

Every CSV writer of the app (playground numbers, projected coordinates, the explorer's
selection) writes with :mod:`csv` and passes its text cells through :func:`escape_cell`.

* **Formula injection (OWASP, "CSV Injection").** A spreadsheet runs a cell that starts
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so a label
  such as ``=HYPERLINK("http://evil", "click")`` would become a live link. Such cells
  get a leading ``'``, which spreadsheets show as text. Cells that are numbers
  (``-1``, ``-0.5``, ``+2e3``, ``-inf``) are left alone, so they stay numbers.
* **Lone surrogates.** Python strings may hold unpaired UTF-16 surrogates (from
  ``surrogateescape`` file names, or JSON ``"\\ud800"``), which UTF-8 cannot encode.
  They are written as the text ``\\udc80`` (Python's ``backslashreplace``), so the
  export never fails and the code point stays visible.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "escape_cell", "is_number_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP)."""

_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|nan|inf(?:inity)?)",
    re.IGNORECASE,
)


def is_number_cell(text: str) -> bool:
    """Whether ``text`` is a plain decimal number (``-1``, ``+0.5``, ``1e-3``, ``-inf``)."""
    return _NUMBER.fullmatch(text) is not None


def _encodable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def escape_cell(value: object) -> str:
    """A text cell that is safe to open in a spreadsheet and to encode as UTF-8.

    Parameters
    ----------
    value : object
        The cell; anything but ``str`` is converted with ``str()``.

    Returns
    -------
    str
        ``value`` with lone surrogates written as ``\\udXXX`` and, when it starts with
        one of :data:`FORMULA_STARTS` and is not a number, a leading ``'``. Not quoted:
        pass it to :mod:`csv`.
    """
    text = _encodable(value if isinstance(value, str) else str(value))
    if text.startswith(FORMULA_STARTS) and not is_number_cell(text):
        return "'" + text
    return text
