"""The histogram of one metadata column, with each row's bar (for a linked histogram).

A column is *numeric* when every non-empty distinct value parses as a number and
there are more than ``n_bins`` of them: it gets ``n_bins`` equal-width bins over
its finite range. Otherwise each distinct value is a bar (numbers in numeric
order, as :func:`~contrastive_viz.core.colors.encode` sorts them); beyond
``max_bars`` values the least frequent share one bar, "other". Empty or
unparseable values of a numeric column are in no bar (bar -1).

It works on the column's ``encode``\\ d form (distinct values and one code per
row), so a million rows with a few thousand distinct values cost one
``np.bincount`` and a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ColumnHistogram", "column_histogram"]


@dataclass(frozen=True, eq=False)
class ColumnHistogram:
    """Bars of one column.

    Attributes
    ----------
    column : str
    numeric : bool
        True for equal-width bins over numbers.
    names : list of str
        Each bar's label (``"0.25 – 0.50"`` for a bin).
    counts : ndarray of int64, shape (bars,)
    bars : ndarray of int32, shape (n,)
        Each row's bar, -1 for none.
    """

    column: str
    numeric: bool
    names: list
    counts: np.ndarray
    bars: np.ndarray

    def rows(self, bar: int) -> np.ndarray:
        """Sorted rows in ``bar``."""
        return np.flatnonzero(self.bars == bar).astype(np.int64)


def _numbers(categories: list[str]) -> np.ndarray | None:
    """Float of each category (NaN for empty ones), or None if any other is not a number."""
    out = np.full(len(categories), np.nan)
    for i, c in enumerate(categories):
        text = str(c).strip()
        if not text:
            continue
        try:
            out[i] = float(text)
        except ValueError:
            return None
    return out


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def column_histogram(
    column: str, categories: list[str], codes: np.ndarray, n_bins: int = 20, max_bars: int = 30
) -> ColumnHistogram:
    """The bars of a column given as ``encode(values)`` (see the module docstring).

    Parameters
    ----------
    column : str
    categories : list of str
        Distinct values.
    codes : ndarray of int, shape (n,)
        ``categories[codes[i]]`` is row i's value.
    n_bins : int, default 20
    max_bars : int, default 30
        Most bars for a categorical column (the last one "other").

    Returns
    -------
    ColumnHistogram
    """
    codes = np.asarray(codes, dtype=np.int64)
    numbers = _numbers(categories)
    finite = None if numbers is None else np.isfinite(numbers)
    if numbers is not None and finite.sum() > n_bins:
        lo, hi = float(numbers[finite].min()), float(numbers[finite].max())
        edges = np.linspace(lo, hi, n_bins + 1)
        cat_bar = np.clip(np.searchsorted(edges, numbers, "right") - 1, 0, n_bins - 1)
        cat_bar = np.where(finite, cat_bar, -1).astype(np.int32)
        bars = cat_bar[codes]
        counts = np.bincount(bars[bars >= 0], minlength=n_bins).astype(np.int64)
        names = [f"{_fmt(edges[i])} – {_fmt(edges[i + 1])}" for i in range(n_bins)]
        return ColumnHistogram(column, True, names, counts, bars)
    per_cat = np.bincount(codes, minlength=len(categories)).astype(np.int64)
    if len(categories) <= max_bars:
        return ColumnHistogram(column, False, [str(c) for c in categories], per_cat,
                               codes.astype(np.int32))  # fmt: skip
    keep = np.sort(np.argsort(-per_cat, kind="stable")[: max_bars - 1])
    cat_bar = np.full(len(categories), max_bars - 1, np.int32)
    cat_bar[keep] = np.arange(keep.size, dtype=np.int32)
    bars = cat_bar[codes]
    counts = np.bincount(bars, minlength=max_bars).astype(np.int64)
    names = [str(categories[i]) for i in keep] + [f"other ({len(categories) - keep.size})"]
    return ColumnHistogram(column, False, names, counts, bars)
