"""The explorer's models in one place (Qt-free)."""

from __future__ import annotations

from ...core.embeddings import EmbeddingSet
from ...core.projection import Projection
from .cluster_settings import ClusterSettings
from .dataset import DatasetModel
from .derived_columns import DerivedColumns
from .map_quality import MapQuality
from .map_settings import MapSettings
from .point_selection import PointSelection
from .point_style import PointStyle
from .row_selection import RowSelection
from .send_plan import SendPlan
from .view_settings import ViewSettings

__all__ = ["ExplorerModel"]


class ExplorerModel:
    """The explorer's evented models; no behaviour beyond installing a dataset.

    Attributes
    ----------
    data : DatasetModel
        The embeddings, their projection and coordinates.
    settings : ViewSettings
        Dims, normalize, colour-by, point size, opacity, filter, k.
    style : PointStyle
        Derived colours and filter mask (cached).
    selection : PointSelection
        Selected point, its neighbours, pinned anchor, marks.
    plan : SendPlan
        How "Send to playground" picks positives and negatives.
    maps : MapSettings
        PCA, UMAP or t-SNE, and their parameters.
    quality : MapQuality
        Trustworthiness and kNN recall of the map shown.
    derived : DerivedColumns
        Per-point columns computed by the app (recall, clusters), offered in colour-by.
    rows : RowSelection
        Many selected points (lasso, rectangle), the drawing tool and isolation.
    clusters : ClusterSettings
        Off, k-means or HDBSCAN, and their parameters.
    """

    def __init__(self) -> None:
        self.data = DatasetModel()
        self.settings = ViewSettings()
        self.derived = DerivedColumns()
        self.style = PointStyle(self.data, self.settings, self.derived)  # before any view
        self.selection = PointSelection()
        self.plan = SendPlan()
        self.maps = MapSettings()
        self.quality = MapQuality()
        self.rows = RowSelection()
        self.clusters = ClusterSettings()
        self.derived.column_changed.connect(self._on_derived_column_changed, priority=10)
        # the labels follow colour-by by a text column (not numbers) before anything redraws
        self.style.colors_changed.connect(self._on_style_colors_changed, priority=10)
        self.rows.rows_changed.connect(self._on_rows_changed)
        self.rows.isolated_changed.connect(self._on_rows_changed)

    def _on_rows_changed(self, *_args) -> None:
        """Isolate: the style hides every point outside the selection."""
        if self.rows.isolated:
            self.style.set_restriction(self.rows.mask())
        else:
            self.style.set_restriction(None)

    def _on_derived_column_changed(self, name: str) -> None:
        ds, s = self.data.dataset, self.settings
        s.columns = (list(ds.metadata) if ds is not None else []) + self.derived.names
        if name == s.color_by and name not in s.columns:
            s.set_color_by(ds.label_column if ds is not None else None)

    def _on_style_colors_changed(self, mapping) -> None:
        if mapping is not None and mapping.codes is not None:  # classes, not numbers
            self.data.set_label_column(self.settings.color_by)

    def install(
        self, dataset: EmbeddingSet, projection: Projection, encoded: dict | None = None
    ) -> None:
        """Show a new dataset: selection cleared, coloured by its label column, no filter.

        The selection is cleared first and the style settings are set silently, so
        when ``data.dataset_changed`` / ``projection_changed`` fire every model is
        consistent; the settings' own signals follow.
        """
        self.selection.reset(dataset.n)
        self.rows.reset(dataset.n)
        self.derived.clear_silently()
        s = self.settings
        old = (s.color_by, s.filter_text)
        with s.color_by_changed.blocked(), s.filter_text_changed.blocked():
            s.reset_style(list(dataset.metadata), dataset.label_column)
        self.data.set_dataset(dataset, projection, encoded)
        if s.color_by != old[0]:
            s.color_by_changed.emit(s.color_by)
        if s.filter_text != old[1]:
            s.filter_text_changed.emit(s.filter_text)
