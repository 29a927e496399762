"""The loaded embeddings and their projection (Qt-free evented model)."""

from __future__ import annotations

import numpy as np
from psygnal import Signal

from ...core.colors import encode
from ...core.embeddings import EmbeddingSet
from ...core.explorer_data import padded_coords
from ...core.point_info import axis_titles, describe, label_of, tooltip_html
from ...core.projection import Projection

__all__ = ["DatasetModel"]


class DatasetModel:
    """The explorer's dataset, its projection and 3-D coordinates.

    Both are replaced together by :meth:`set_dataset` (``dataset_changed`` then
    ``projection_changed``, with every attribute already consistent) and the
    projection alone by :meth:`set_projection` (normalize toggled).

    Signals
    -------
    dataset_changed(object)
        The new :class:`~contrastive_viz.core.embeddings.EmbeddingSet`.
    projection_changed(object)
        The new :class:`~contrastive_viz.core.projection.Projection`.
    """

    dataset_changed = Signal(object)
    projection_changed = Signal(object)

    def __init__(self) -> None:
        self._dataset: EmbeddingSet | None = None
        self._projection: Projection | None = None
        self._coords: np.ndarray | None = None
        self._encoded: dict[str, tuple[list[str], np.ndarray]] = {}

    @property
    def dataset(self) -> EmbeddingSet | None:
        """The loaded embeddings, or None."""
        return self._dataset

    @property
    def projection(self) -> Projection | None:
        """The PCA (or identity) projection of ``dataset``, or None."""
        return self._projection

    @property
    def coords(self) -> np.ndarray | None:
        """float32 (n, 3) projected coordinates (2-D data padded with a zero column)."""
        return self._coords

    @property
    def n(self) -> int:
        """Number of points (0 without a dataset)."""
        return 0 if self._dataset is None else self._dataset.n

    @property
    def columns(self) -> list[str]:
        """Metadata columns available for colour-by."""
        return list(self._dataset.metadata) if self._dataset is not None else []

    def set_dataset(
        self, dataset: EmbeddingSet, projection: Projection, encoded: dict | None = None
    ) -> None:
        """Install ``dataset`` and its ``projection`` (``encoded``: known column codes)."""
        self._dataset = dataset
        self._encoded = dict(encoded or {})
        self._projection = projection
        self._coords = padded_coords(projection)
        self.dataset_changed.emit(dataset)
        self.projection_changed.emit(projection)

    def set_projection(self, projection: Projection) -> None:
        """Replace the projection of the current dataset."""
        self._projection = projection
        self._coords = padded_coords(projection)
        self.projection_changed.emit(projection)

    # ------------------------------------------------------------ reading
    def encoded(self, column: str) -> tuple[list[str], np.ndarray]:
        """(categories, codes) of a metadata column, cached."""
        if column not in self._encoded:
            self._encoded[column] = encode(self._dataset.metadata[column])
        return self._encoded[column]

    def label_of(self, index: int) -> str:
        """Label of point ``index`` (its index when the file has no labels)."""
        return label_of(self._dataset, index)

    def describe(self, index: int) -> list[tuple[str, str]]:
        """(name, value) rows of point ``index`` (the core's ``point_info.describe``)."""
        return describe(self._dataset, index)

    def tooltip(self, index: int) -> str:
        """Rich-text tooltip of point ``index``."""
        return tooltip_html(self.describe(index))

    def axis_titles(self) -> list[str]:
        """Titles of the three axes (``"PC1 (23.4 %)"``), empty without a projection."""
        return axis_titles(self._projection)
