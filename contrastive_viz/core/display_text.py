"""Text as shown on screen: long labels elided, tooltips capped (the data stays whole).

A label of millions of characters is legal data (it is kept whole in the dataset and in
exports) but laying it out freezes any GUI toolkit. Every view shows labels and other
metadata through :func:`elide`, and every tooltip through :func:`cap_tooltip`.
"""

from __future__ import annotations

__all__ = ["DISPLAY_CHARS", "ELLIPSIS", "TOOLTIP_CHARS", "cap_tooltip", "elide"]

#: A label, metadata value or name is shown with at most this many characters.
DISPLAY_CHARS = 80
#: A whole tooltip holds at most this many characters.
TOOLTIP_CHARS = 2000
ELLIPSIS = "…"


def elide(text: object, limit: int = DISPLAY_CHARS) -> str:
    """``text`` on one line and at most ``limit`` characters, ending in "…" if cut.

    Parameters
    ----------
    text : object
        Anything; non-strings are converted with ``str()``.
    limit : int
        At least 1.

    Returns
    -------
    str
        Line breaks and tabs become spaces; only the first ``limit`` characters of the
        text are looked at, so the cost does not grow with its length.
    """
    value = text if isinstance(text, str) else str(text)
    cut = len(value) > limit
    head = value[: limit - 1] if cut else value
    head = head.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return head + ELLIPSIS if cut else head


def cap_tooltip(text: str, limit: int = TOOLTIP_CHARS) -> str:
    """A tooltip cut to ``limit`` characters (with "…"); for already-elided rich text."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
