"""The quality figures of the map shown (Qt-free evented model)."""

from __future__ import annotations

from psygnal import Signal

from ...core.quality import Quality

__all__ = ["QUALITY_K", "MapQuality"]

#: Neighbours the quality figures count.
QUALITY_K = 10


class MapQuality:
    """Trustworthiness and kNN recall of the current map, or why there are none.

    Signals
    -------
    quality_changed(object)
        The new :class:`~contrastive_viz.core.quality.Quality`, or None.
    computing_changed(bool)
    """

    quality_changed = Signal(object)
    computing_changed = Signal(bool)

    def __init__(self) -> None:
        self.quality: Quality | None = None
        self.method = ""
        self.computing = False

    def set_quality(self, quality: Quality | None, method: str = "") -> None:
        """The figures of the map ``method`` (``"PCA"``, ``"UMAP"``…), or None."""
        self.quality, self.method = quality, method
        self.quality_changed.emit(quality)

    def set_computing(self, computing: bool) -> None:
        """The figures are being computed."""
        if computing != self.computing:
            self.computing = bool(computing)
            self.computing_changed.emit(self.computing)
