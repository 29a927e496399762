"""Pictures instead of dots on the 2-D scatter once few enough points are in view.

:class:`ScatterThumbnails` rides on a :class:`~.scatter_view.ScatterView`: after each
pan/zoom (and each new map, colouring or filter) it counts the filter-visible points
whose picture reaches into the view; at most :attr:`ScatterThumbnails.max_pictures`
of them (and a dataset with pictures) and the view shows their
:class:`~.thumbnails_item.ThumbnailsItem` instead of the dots; more, and the dots
come back. Pictures are decoded lazily (the visible ones, a time budget a frame) and
cached (bounded).
"""

from __future__ import annotations

import numpy as np

from ...core.colors import distinct_colors
from ..models.explorer import ExplorerModel
from .thumbnails_item import ThumbnailsItem

__all__ = ["ScatterThumbnails"]


class ScatterThumbnails:
    """Switches a scatter view between dots and pictures by how many points are in view.

    Parameters
    ----------
    view : ScatterView
    model : ExplorerModel
    size : int
        Picture side in logical pixels.

    Attributes
    ----------
    item : ThumbnailsItem
    showing : bool
        True while pictures replace the dots.
    enabled : bool
        False keeps the dots at every zoom (see :meth:`set_enabled`).
    """

    max_pictures = 400

    def __init__(self, view, model: ExplorerModel, size: int = 48):
        self._view, self._data, self._style = view, model.data, model.style
        self.item = ThumbnailsItem(size)
        self.item.setZValue(2.5)  # over the dots and links, under the highlights
        self.item.hide()
        view.addItem(self.item)
        self.showing = False
        self.enabled = True
        self._base_pick_radius = view.pick_radius
        view.getPlotItem().getViewBox().sigRangeChanged.connect(self.refresh)
        self._data.projection_changed.connect(self._rebuild)
        self._style.colors_changed.connect(self._rebuild)
        self._style.mask_changed.connect(self._rebuild)
        self._rebuild()

    def set_enabled(self, on: bool) -> None:
        """Allow (True) or forbid (False) pictures in place of dots."""
        self.enabled = bool(on)
        self.refresh()

    def _rebuild(self, *_args) -> None:
        coords, images = self._data.coords, self._data.images
        mapping = self._style.colors
        if coords is None or images is None or not images.available or mapping is None:
            self.item.set_points([], [], [], [], [], None)
        else:
            mask = self._style.visible_mask()
            rows = np.flatnonzero(mask) if mask is not None else np.arange(len(coords))
            colors, codes = distinct_colors(mapping)
            self.item.set_points(coords[rows, 0], coords[rows, 1], rows, codes[rows],
                                 colors, images)  # fmt: skip
        self.refresh()

    def refresh(self, *_args) -> None:
        """Show pictures or dots for the current view."""
        view = self._view
        show = self.enabled and self.item.x.size > 0 and view.mode == "points"
        if show and self.item.x.size > self.max_pictures:
            rect = view.getPlotItem().getViewBox().viewRect()
            show = self.item.in_view(rect).size <= self.max_pictures
        if show != self.showing:
            self.showing = show
            self.item.setVisible(show)
            view.points_item.setVisible(not show)
            view.pick_radius = self.item.thumbs.size / 2 if show else self._base_pick_radius
