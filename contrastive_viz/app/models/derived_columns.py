"""Per-point columns computed by the app (kNN recall of the map, clusters), Qt-free.

They sit beside the file's metadata columns in colour-by: numbers (NaN = "not
measured", drawn grey) or text categories.
"""

from __future__ import annotations

import numpy as np
from psygnal import Signal

__all__ = ["CLUSTER", "RECALL", "DerivedColumns"]

#: Per-point kNN recall of the map shown.
RECALL = "kNN recall (map)"
#: Cluster of each point ("mostly 7 · 92%").
CLUSTER = "cluster"


class DerivedColumns:
    """Named per-point columns: float arrays (continuous) or lists of str (categories).

    Signals
    -------
    column_changed(str)
        A column was set, replaced or removed.
    only_changed(object)
        ``only`` changed: ``(column, value)`` of the one category shown, or None.
    """

    column_changed = Signal(str)
    only_changed = Signal(object)

    def __init__(self) -> None:
        self._columns: dict[str, np.ndarray | list[str]] = {}
        #: ``(column, value)``: show only the points whose category is ``value`` (or None).
        self.only: tuple[str, str] | None = None

    def toggle_only(self, column: str, value: str) -> None:
        """Show only the points of category ``value`` of ``column``, or all if already so."""
        self._set_only(None if self.only == (column, value) else (column, value))

    def _set_only(self, only: tuple[str, str] | None) -> None:
        if self.only != only:
            self.only = only
            self.only_changed.emit(only)

    @property
    def names(self) -> list[str]:
        """Column names, in the order they were first set."""
        return list(self._columns)

    def get(self, name: str):
        """The column's values, or None."""
        return self._columns.get(name)

    def set(self, name: str, values) -> None:
        """Set (or replace) a column."""
        self._columns[name] = values
        if self.only is not None and self.only[0] == name:
            self._set_only(None)
        self.column_changed.emit(name)

    def remove(self, name: str) -> None:
        """Remove a column if present."""
        if self._columns.pop(name, None) is not None:
            if self.only is not None and self.only[0] == name:
                self._set_only(None)
            self.column_changed.emit(name)

    def clear_silently(self) -> None:
        """Forget every column without signals (a new dataset is being installed)."""
        self._columns.clear()
        self.only = None
