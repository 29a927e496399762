"""The loaded embeddings and their projection (Qt-free evented model)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from psygnal import Signal

from ...core.colors import encode
from ...core.embeddings import EmbeddingSet
from ...core.explorer_data import padded_coords
from ...core.maps import METHOD_NAMES, MapResult
from ...core.point_images import PointImages
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
        The :class:`~contrastive_viz.core.projection.Projection` (new, or the same when
        only the map shown changed): ``coords`` changed, redraw.
    map_changed(object)
        The non-linear map shown (a :class:`~contrastive_viz.core.maps.MapResult`), or
        None for PCA; ``projection_changed`` follows.
    label_column_changed(str)
        The metadata column that labels the points changed (colour-by a text column):
        :attr:`labels`, :meth:`label_of` and :attr:`labelled` follow it.
    """

    dataset_changed = Signal(object)
    projection_changed = Signal(object)
    map_changed = Signal(object)
    label_column_changed = Signal(str)

    def __init__(self) -> None:
        self._dataset: EmbeddingSet | None = None
        self._projection: Projection | None = None
        self._coords: np.ndarray | None = None
        self._encoded: dict[str, tuple[list[str], np.ndarray]] = {}
        self._map: MapResult | None = None
        self._labelled: EmbeddingSet | None = None
        #: The points' pictures (lazy, cached), or None without a dataset.
        self.images: PointImages | None = None
        #: ``decode_png(bytes) -> RGBA array | None`` for sprite sheets (the app sets Qt's).
        self.decode_png = None

    @property
    def dataset(self) -> EmbeddingSet | None:
        """The loaded embeddings, or None."""
        return self._dataset

    @property
    def labelled(self) -> EmbeddingSet | None:
        """``dataset`` labelled by :attr:`label_column` (its ``labels`` and ``label_column``)."""
        return self._labelled

    @property
    def label_column(self) -> str | None:
        """The metadata column that labels the points (metrics, positives, legend, names)."""
        return None if self._labelled is None else self._labelled.label_column

    @property
    def labels(self) -> list[str] | None:
        """One label per point from :attr:`label_column`, or None."""
        return None if self._labelled is None else self._labelled.labels

    def set_label_column(self, column: str | None) -> None:
        """Label the points by metadata ``column``; other names (None, a derived column)
        leave the labels as they are."""
        ds = self._dataset
        if ds is None or column not in ds.metadata or column == self.label_column:
            return
        self._labelled = replace(ds, labels=ds.metadata[column], label_column=column)
        self.label_column_changed.emit(column)

    @property
    def projection(self) -> Projection | None:
        """The PCA (or identity) projection of ``dataset``, or None."""
        return self._projection

    @property
    def coords(self) -> np.ndarray | None:
        """float32 (n, 3) projected coordinates (2-D data padded with a zero column)."""
        return self._coords

    @property
    def map(self) -> MapResult | None:
        """The UMAP/t-SNE map shown instead of the PCA coordinates, or None."""
        return self._map

    @property
    def method(self) -> str:
        """``"pca"``, ``"umap"`` or ``"tsne"``: what ``coords`` show."""
        return "pca" if self._map is None else self._map.spec.method

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
        self._dataset = self._labelled = dataset
        self.images = (PointImages(dataset, decode_png=self.decode_png)
                       if dataset is not None else None)  # fmt: skip
        self._encoded = dict(encoded or {})
        self._projection = projection
        self._map = None
        self._coords = padded_coords(projection)
        self.dataset_changed.emit(dataset)
        self.projection_changed.emit(projection)

    def set_projection(self, projection: Projection) -> None:
        """Replace the projection of the current dataset (a map shown stays shown)."""
        self._projection = projection
        if self._map is None:
            self._coords = padded_coords(projection)
        self.projection_changed.emit(projection)

    def set_map(self, result: MapResult | None) -> None:
        """Show a UMAP/t-SNE map of the current dataset (None: back to the PCA coordinates)."""
        if result is not None and len(result.coords) != self.n:
            raise ValueError(f"the map has {len(result.coords)} rows for {self.n} points")
        if result is self._map:
            return
        self._map = result
        if result is None:
            self._coords = padded_coords(self._projection)
        else:
            coords = np.zeros((self.n, 3), np.float32)
            coords[:, : result.coords.shape[1]] = result.coords[:, :3]
            self._coords = coords
        self.map_changed.emit(result)
        self.projection_changed.emit(self._projection)

    # ------------------------------------------------------------ reading
    def encoded(self, column: str) -> tuple[list[str], np.ndarray]:
        """(categories, codes) of a metadata column, cached."""
        if column not in self._encoded:
            self._encoded[column] = encode(self._dataset.metadata[column])
        return self._encoded[column]

    def label_of(self, index: int) -> str:
        """Label of point ``index`` (its index when the file has no labels)."""
        return label_of(self._labelled, index)

    def describe(self, index: int) -> list[tuple[str, str]]:
        """(name, value) rows of point ``index`` (the core's ``point_info.describe``)."""
        return describe(self._labelled, index)

    def tooltip(self, index: int) -> str:
        """Rich-text tooltip of point ``index``, with its picture when the data has any.

        A picture file over 64 kB is left out of the card (a tooltip decodes it again
        each time); a missing or unreadable one is said to be missing.
        """
        image = None
        if self.images is not None and self.images.available:
            found = self.images.encoded(index)
            if found is None:
                image = ""
            elif len(found[0]) <= 65536:
                image = self.images.data_url(index)
        return tooltip_html(self.describe(index), image=image)

    def axis_titles(self) -> list[str]:
        """Titles of the three axes (``"PC1 (23.4 %)"``, ``"UMAP 1"``), empty without data."""
        if self._map is not None:
            name, dims = METHOD_NAMES[self._map.spec.method], self._map.coords.shape[1]
            return [f"{name} {i + 1}" if i < dims else "" for i in range(3)]
        return axis_titles(self._projection)
