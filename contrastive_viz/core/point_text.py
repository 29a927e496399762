"""Which metadata column holds each point's text, and its words shown elided (Qt-free)."""

from __future__ import annotations

__all__ = ["TEXT_COLUMNS", "text_column"]

#: Column names taken as the points' text, in order of preference (case-insensitive).
TEXT_COLUMNS = ("text", "caption", "sentence", "document")


def text_column(dataset, chosen: str | None = None) -> str | None:
    """The name of the text column of ``dataset`` (``chosen`` if it exists), or None.

    Parameters
    ----------
    dataset : EmbeddingSet or None
    chosen : str, optional
        A column the user picked; used when present in the metadata.
    """
    if dataset is None:
        return None
    if chosen is not None and chosen in dataset.metadata:
        return chosen
    lower = {name.lower(): name for name in dataset.metadata}
    for name in TEXT_COLUMNS:
        if name in lower:
            return lower[name]
    return None
