"""Derived per-point style: colours of the colour-by column and the filter mask (Qt-free).

Both are computed by core functions (:func:`~contrastive_viz.core.colors.color_mapping`,
:func:`~contrastive_viz.core.label_filter.filter_mask`) on first use and cached until
the dataset, the colour-by column or the filter text changes.
"""

from __future__ import annotations

import numpy as np
from psygnal import Signal

from ...core.colors import ColorMapping, color_mapping, value_mapping
from ...core.label_filter import filter_mask
from .dataset import DatasetModel
from .derived_columns import DerivedColumns
from .view_settings import ViewSettings

__all__ = ["PointStyle"]


class PointStyle:
    """Cached colours and visibility of every point.

    Parameters
    ----------
    data : DatasetModel
    settings : ViewSettings
    derived : DerivedColumns, optional
        Computed columns colour-by may name (float arrays: viridis over [0, 1], NaN grey).

    Signals
    -------
    colors_changed(object)
        The new :class:`~contrastive_viz.core.colors.ColorMapping` (colour-by changed).
    mask_changed(object)
        The new visibility mask (filter text, label column, restriction or the derived
        columns' ``only`` changed).

    A new dataset invalidates both silently: views redraw everything on the data's
    ``projection_changed``, which follows.
    """

    colors_changed = Signal(object)
    mask_changed = Signal(object)

    def __init__(self, data: DatasetModel, settings: ViewSettings,
                 derived: DerivedColumns | None = None) -> None:  # fmt: skip
        self._data, self._settings = data, settings
        self._derived = derived if derived is not None else DerivedColumns()
        self._derived.column_changed.connect(self._on_derived_column_changed)
        self._derived.only_changed.connect(self._on_derived_only_changed)
        self._mapping: ColorMapping | None = None
        self._mask: np.ndarray | None = None
        self._restriction: np.ndarray | None = None
        data.dataset_changed.connect(self._on_data_dataset_changed)
        settings.color_by_changed.connect(self._on_settings_color_by_changed)
        settings.filter_text_changed.connect(self._on_settings_filter_text_changed)
        data.label_column_changed.connect(self._on_settings_filter_text_changed)  # same effect

    @property
    def colors(self) -> ColorMapping | None:
        """Colours of every point for the colour-by column (None without a dataset)."""
        ds = self._data.dataset
        if ds is None:
            return None
        if self._mapping is None:
            col = self._settings.color_by
            extra = self._derived.get(col) if col is not None else None
            if isinstance(extra, np.ndarray) and extra.dtype.kind == "f":
                self._mapping = value_mapping(extra, col)
                return self._mapping
            if extra is not None:
                self._mapping = color_mapping(list(extra), ds.n, col)
                return self._mapping
            values = ds.metadata[col] if col is not None else None
            enc = self._data.encoded(col) if col is not None else None
            self._mapping = color_mapping(values, ds.n, col, encoded=enc)
        return self._mapping

    def visible_mask(self) -> np.ndarray:
        """bool (n,): points whose label passes the filter (see the core's ``filter_mask``)."""
        ds = self._data.dataset
        if ds is None:
            return np.zeros(0, dtype=bool)
        if self._mask is None:
            enc, column = (None, None), self._data.label_column
            if self._data.labels is not None and column is not None:
                enc = self._data.encoded(column)
            self._mask = filter_mask(self._settings.filter_text, ds.n, *enc)
            if self._restriction is not None and self._restriction.shape == self._mask.shape:
                self._mask = self._mask & self._restriction
            only = self._derived.only
            if only is not None and self._derived.get(only[0]) is not None:
                self._mask = self._mask & (np.asarray(self._derived.get(only[0])) == only[1])
        return self._mask

    def set_restriction(self, mask: np.ndarray | None) -> None:
        """Also hide the points where ``mask`` is False (Isolate); None lifts it."""
        if mask is None and self._restriction is None:
            return
        self._restriction = None if mask is None else np.asarray(mask, bool)
        self._mask = None
        if self._data.dataset is not None:
            self.mask_changed.emit(self.visible_mask())

    def _on_data_dataset_changed(self, _dataset) -> None:
        self._mapping, self._mask, self._restriction = None, None, None

    def _on_derived_column_changed(self, name: str) -> None:
        if name == self._settings.color_by and self._data.dataset is not None:
            self._mapping = None
            self.colors_changed.emit(self.colors)

    def _on_settings_color_by_changed(self, _column) -> None:
        self._mapping = None
        if self._data.dataset is not None:
            self.colors_changed.emit(self.colors)

    def _on_derived_only_changed(self, _only) -> None:
        self._on_settings_filter_text_changed("")

    def _on_settings_filter_text_changed(self, _text) -> None:
        self._mask = None
        if self._data.dataset is not None:
            self.mask_changed.emit(self.visible_mask())
