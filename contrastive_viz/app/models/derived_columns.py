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
    """

    column_changed = Signal(str)

    def __init__(self) -> None:
        self._columns: dict[str, np.ndarray | list[str]] = {}

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
        self.column_changed.emit(name)

    def remove(self, name: str) -> None:
        """Remove a column if present."""
        if self._columns.pop(name, None) is not None:
            self.column_changed.emit(name)

    def clear_silently(self) -> None:
        """Forget every column without signals (a new dataset is being installed)."""
        self._columns.clear()
