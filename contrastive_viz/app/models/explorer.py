"""The explorer's models in one place (Qt-free)."""

from __future__ import annotations

from ...core.embeddings import EmbeddingSet
from ...core.projection import Projection
from .dataset import DatasetModel
from .point_selection import PointSelection
from .point_style import PointStyle
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
    """

    def __init__(self) -> None:
        self.data = DatasetModel()
        self.settings = ViewSettings()
        self.style = PointStyle(self.data, self.settings)  # listens before any view
        self.selection = PointSelection()
        self.plan = SendPlan()

    def install(
        self, dataset: EmbeddingSet, projection: Projection, encoded: dict | None = None
    ) -> None:
        """Show a new dataset: selection cleared, coloured by its label column, no filter.

        The selection is cleared first and the style settings are set silently, so
        when ``data.dataset_changed`` / ``projection_changed`` fire every model is
        consistent; the settings' own signals follow.
        """
        self.selection.reset(dataset.n)
        s = self.settings
        old = (s.color_by, s.filter_text)
        with s.color_by_changed.blocked(), s.filter_text_changed.blocked():
            s.reset_style(list(dataset.metadata), dataset.label_column)
        self.data.set_dataset(dataset, projection, encoded)
        if s.color_by != old[0]:
            s.color_by_changed.emit(s.color_by)
        if s.filter_text != old[1]:
            s.filter_text_changed.emit(s.filter_text)
