"""What the explorer says about one point: its label, its tooltip, the axis titles.

Qt-free. :func:`describe` is the ONE builder of a point's (name, value) rows; the
scatter views, the 3-D window and the neighbours panel all show these rows.
"""

from __future__ import annotations

import html

from .display_text import cap_tooltip, elide

__all__ = ["CARD_IMAGE_PX", "TOOLTIP_ROWS", "axis_titles", "describe", "label_of", "tooltip_html"]

#: A tooltip shows at most this many rows.
TOOLTIP_ROWS = 14
#: Height of a point's picture in its hover card (px).
CARD_IMAGE_PX = 96


def label_of(dataset, index: int) -> str:
    """Label of point ``index`` (``#index`` when there is no dataset or no labels)."""
    if dataset is None or dataset.labels is None:
        return f"#{index}"
    return dataset.labels[index]


def describe(dataset, index: int) -> list[tuple[str, str]]:
    """(name, value) rows: index, label, every other metadata column, then the norm.

    Parameters
    ----------
    dataset : EmbeddingSet or None
    index : int
        Row of the point.

    Returns
    -------
    list of (str, str)
    """
    rows = [("index", str(index)), ("label", label_of(dataset, index))]
    if dataset is not None:
        rows += [(k, v[index]) for k, v in dataset.metadata.items() if k != dataset.label_column]
        rows.append(("norm", f"{float(dataset.norms[index]):.4g}"))
    return rows


def tooltip_html(
    rows: list[tuple[str, str]], limit: int = TOOLTIP_ROWS, image: str | None = None
) -> str:
    """Rich-text tooltip of :func:`describe` rows: ``<b>name</b>: value`` per line.

    Names and values are elided (:func:`~.display_text.elide`) and the text is capped,
    so a label of millions of characters gives a short tooltip. ``image``, a ``data:``
    URL, is drawn first, :data:`CARD_IMAGE_PX` high (outside the cap); ``""`` says the
    point's image is missing.
    """
    text = "<br>".join(
        f"<b>{html.escape(elide(k, 40))}</b>: {html.escape(elide(v))}" for k, v in rows[:limit]
    )
    if image is None:
        return cap_tooltip(text)
    head = (f'<img src="{html.escape(image)}" height="{CARD_IMAGE_PX}"><br>' if image
            else "<i>(no image)</i><br>")  # fmt: skip
    return head + cap_tooltip(text)


def axis_titles(projection) -> list[str]:
    """``"PC1 (23.4 %)"``-style titles of the three axes (``dim 1`` for data shown as is).

    Parameters
    ----------
    projection : Projection or None

    Returns
    -------
    list of str
        Three titles; empty strings for missing axes (or no projection).
    """
    if projection is None:
        return ["", "", ""]
    stem = "dim " if projection.solver == "identity" else "PC"
    ratios = list(projection.explained_variance_ratio) + [0.0] * 3
    k = projection.n_components
    return [f"{stem}{i + 1} ({100 * ratios[i]:.1f} %)" if i < k else "" for i in range(3)]
