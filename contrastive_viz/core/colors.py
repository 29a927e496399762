"""Colours for points: a categorical palette, the viridis gradient, label encoding.

Qt-free (numpy only), so it can be tested and used off the GUI thread.

The categorical palette starts with the classic Tableau 10 (saturated, readable on
dark and light backgrounds), then the Tableau 20 light tints, then hues from the
ColorBrewer Dark2/Set1 and CARTO Bold schemes, 50 colours in all. Columns with more
than 50 distinct values, and numeric columns with more than 50 distinct values, are
drawn with the continuous viridis gradient (from the ``cmap`` package) instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

__all__ = [
    "CATEGORICAL",
    "MAX_CATEGORIES",
    "MISSING_COLOR",
    "ColorMapping",
    "categorical_color",
    "color_mapping",
    "distinct_colors",
    "encode",
    "gradient",
    "hex_to_rgb",
    "rgba",
    "value_mapping",
]

#: 50 qualitative colours, most distinct first.
CATEGORICAL: tuple[str, ...] = (
    # Tableau 10 (classic)
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    # Tableau 20 tints
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
    "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    # ColorBrewer Dark2
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    # ColorBrewer Set1 (yellow darkened to stay readable on white)
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#b8a000", "#a65628", "#f781bf",
    # CARTO Bold and friends
    "#7f3c8d", "#11a579", "#3969ac", "#f2b701", "#e73f74", "#80ba5a", "#e68310",
    "#008695", "#cf1c90", "#f97b72", "#4b4b8f", "#a05195", "#2f4b7c", "#ffa600",
)  # fmt: skip
MAX_CATEGORIES = len(CATEGORICAL)
#: Colour of points whose value is missing (empty or not a number in a numeric column).
MISSING_COLOR = "#808080"
_DIGITS = re.compile(r"(\d+)")
_MISSING = {"", "nan", "NaN", "none", "None", "null", "NA", "N/A"}


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` → ``(r, g, b)`` in 0..255."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def categorical_color(index: int) -> str:
    """Colour of category ``index`` (cycles after :data:`MAX_CATEGORIES`)."""
    return CATEGORICAL[index % MAX_CATEGORIES]


@cache
def _viridis():
    from cmap import Colormap

    return Colormap("viridis")


def gradient(t: np.ndarray) -> np.ndarray:
    """Viridis colours (``cmap``'s ``Colormap("viridis")``) for values in [0, 1].

    Parameters
    ----------
    t : ndarray, shape (n,)
        Values in [0, 1] (clipped); NaN gives :data:`MISSING_COLOR`.

    Returns
    -------
    ndarray of uint8, shape (n, 4)
        Opaque RGBA colours.
    """
    t = np.asarray(t, dtype=np.float64).ravel()
    finite = np.isfinite(t)
    tt = np.clip(np.where(finite, t, 0.0), 0.0, 1.0)
    out = np.ascontiguousarray(_viridis()(tt, bytes=True), dtype=np.uint8).reshape(-1, 4)
    out[:, 3] = 255
    out[~finite, :3] = hex_to_rgb(MISSING_COLOR)
    return out


def _quantize(t: np.ndarray, levels: int = 64) -> np.ndarray:
    """Round to ``levels`` steps: few distinct colours draw much faster (and look the same)."""
    return np.round(t * (levels - 1)) / (levels - 1)


def _natural(value: str) -> tuple:
    """``"class 10"`` after ``"class 9"``: digit runs compare as numbers."""
    parts = _DIGITS.split(value.lower())  # text at even positions, digits at odd ones
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), value


def _sort_key(values: Sequence[str]):
    """Numeric order when every value is a number, else natural case-insensitive order."""
    try:
        numbers = {v: float(v) for v in values}
    except ValueError:
        return _natural
    return lambda v: (numbers[v], v)


def encode(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values in natural order and each value's index among them.

    Parameters
    ----------
    values : sequence of str, length n

    Returns
    -------
    categories : list of str
        Sorted numerically when all are numbers, else in natural order ("class 9"
        before "class 10"), case-insensitive.
    codes : ndarray of int32, shape (n,)
        ``categories[codes[i]] == values[i]``.
    """
    distinct = list(dict.fromkeys(values))
    categories = sorted(distinct, key=_sort_key(distinct))
    lookup = {v: i for i, v in enumerate(categories)}
    codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=len(values))
    return categories, codes


@dataclass(frozen=True, eq=False)
class ColorMapping:
    """Per-point colours for one column, plus what a legend needs.

    Attributes
    ----------
    column : str or None
        The column coloured by (None: one colour for all points).
    kind : str
        ``"categorical"``, ``"continuous"`` or ``"single"``.
    rgba : ndarray of uint8, shape (n, 4)
        Opaque colour of every point.
    categories : tuple of str
        Distinct values in legend order (categorical: every class; continuous over a
        text column: the classes in gradient order; numeric: empty).
    category_colors : tuple of str
        ``"#rrggbb"`` of each category (categorical only).
    codes : ndarray of int32, shape (n,), or None
        Category of each point (None for numeric and single colourings).
    vmin, vmax : float or None
        Value range of a numeric continuous column.
    """

    column: str | None
    kind: str
    rgba: np.ndarray
    categories: tuple[str, ...] = ()
    category_colors: tuple[str, ...] = ()
    codes: np.ndarray | None = None
    vmin: float | None = None
    vmax: float | None = None

    @property
    def n(self) -> int:
        """Number of points."""
        return int(self.rgba.shape[0])


def color_mapping(
    values: Sequence[str] | None,
    n: int,
    column: str | None = None,
    default: str = "#4fc3f7",
    encoded: tuple[list[str], np.ndarray] | None = None,
) -> ColorMapping:
    """Colours for ``n`` points from a column of text values.

    Parameters
    ----------
    values : sequence of str or None
        One value per point; None colours every point ``default``.
    n : int
        Number of points.
    column : str, optional
        Column name, kept in the result.
    default : str
        Colour used when ``values`` is None.
    encoded : (categories, codes), optional
        The result of :func:`encode` for ``values``, when already known.

    Returns
    -------
    ColorMapping
        Categorical with :data:`CATEGORICAL` for up to 50 distinct values; otherwise a
        gradient over the numeric values (numeric columns, missing values grey) or
        over the class order (text columns).
    """
    if values is None:
        rgba = np.empty((n, 4), dtype=np.uint8)
        rgba[:, :3] = hex_to_rgb(default)
        rgba[:, 3] = 255
        return ColorMapping(column, "single", rgba)
    if len(values) != n:
        raise ValueError(f"column {column!r} has {len(values)} values for {n} points")
    categories, codes = encoded if encoded is not None else encode(values)
    if len(categories) <= MAX_CATEGORIES:
        colors = tuple(CATEGORICAL[: len(categories)])
        table = np.array([(*hex_to_rgb(c), 255) for c in colors], dtype=np.uint8).reshape(-1, 4)
        return ColorMapping(column, "categorical", table[codes], tuple(categories), colors, codes)
    numbers = np.full(len(categories), np.nan)
    numeric = True
    for i, category in enumerate(categories):
        if category.strip() in _MISSING:
            continue
        try:
            numbers[i] = float(category)
        except ValueError:
            numeric = False
            break
    if numeric and np.isfinite(numbers).any():
        finite = numbers[np.isfinite(numbers)]
        vmin, vmax = float(finite.min()), float(finite.max())
        span = vmax - vmin if vmax > vmin else 1.0
        table = gradient(_quantize((numbers - vmin) / span))
        return ColorMapping(column, "continuous", table[codes], (), (), None, vmin, vmax)
    table = gradient(_quantize(np.linspace(0.0, 1.0, len(categories))))
    return ColorMapping(column, "continuous", table[codes], tuple(categories), (), codes)


def value_mapping(values: np.ndarray, column: str, vmin: float = 0.0, vmax: float = 1.0):
    """Viridis colours of numbers in [vmin, vmax]; NaN ("not measured") is grey.

    Returns
    -------
    ColorMapping
        ``"continuous"`` with ``vmin``/``vmax`` (64 colour levels).
    """
    t = (np.asarray(values, dtype=np.float64) - vmin) / ((vmax - vmin) or 1.0)
    return ColorMapping(column, "continuous", gradient(_quantize(t)), (), (), None, vmin, vmax)


def rgba(hex_colors, alpha: float = 1.0) -> np.ndarray:
    """``#rrggbb`` strings to an (n, 4) float32 RGBA array."""
    out = np.empty((len(hex_colors), 4), dtype=np.float32)
    for k, c in enumerate(hex_colors):
        v = int(c[1:7], 16)
        out[k] = ((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255, alpha
    return out


def distinct_colors(mapping: ColorMapping) -> tuple[list[str], np.ndarray]:
    """The distinct colours of ``mapping`` and each point's index among them.

    Returns
    -------
    colors : list of str
        ``"#rrggbb"`` of each distinct colour (a categorical mapping's category colours).
    codes : ndarray of intp, shape (n,)
        ``colors[codes[i]]`` is point ``i``'s colour.
    """
    if mapping.kind == "categorical":  # the codes already index the distinct colours
        return list(mapping.category_colors), np.asarray(mapping.codes, np.intp).ravel()
    rgb = mapping.rgba
    packed = (rgb[:, 0].astype(np.uint32) << 16) | (rgb[:, 1].astype(np.uint32) << 8)
    packed |= rgb[:, 2]
    unique, inverse = np.unique(packed, return_inverse=True)
    return [f"#{v:06x}" for v in unique.tolist()], inverse.astype(np.intp).ravel()
