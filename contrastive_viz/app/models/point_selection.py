"""The selected point, its neighbours, the pinned anchor and the role marks (Qt-free)."""

from __future__ import annotations

import numpy as np
from psygnal import Signal

__all__ = ["ROLES", "PointSelection"]

#: Roles a point can be marked with.
ROLES = ("positive", "negative")


class PointSelection:
    """What the user picked among the ``n_points`` of the dataset.

    Signals
    -------
    selected_changed(object)
        Index of the selected point, or None.
    neighbors_changed(object)
        (indices, cosines) of the selection's neighbours, or None.
    anchor_changed(object)
        The pinned anchor ("Use as anchor"), or None (then the selection is the anchor).
    marks_changed(dict)
        Dataset index → ``"positive"`` or ``"negative"``.
    """

    selected_changed = Signal(object)
    neighbors_changed = Signal(object)
    anchor_changed = Signal(object)
    marks_changed = Signal(dict)

    def __init__(self) -> None:
        self.n_points = 0
        self.selected: int | None = None
        self.neighbors: tuple[np.ndarray, np.ndarray] | None = None
        self.anchor: int | None = None
        self.marks: dict[int, str] = {}

    @property
    def effective_anchor(self) -> int | None:
        """The pinned anchor, else the selected point."""
        return self.anchor if self.anchor is not None else self.selected

    def reset(self, n_points: int) -> None:
        """A new dataset of ``n_points``: nothing selected, pinned or marked."""
        self.n_points = int(n_points)
        self.select(None)
        if self.anchor is not None:
            self.anchor = None
            self.anchor_changed.emit(None)
        if self.marks:
            self.marks = {}
            self.marks_changed.emit({})

    def select(self, index: int | None) -> None:
        """Select point ``index`` (None clears; out-of-range indices are ignored).

        The old neighbours are dropped (without a signal: the neighbour search that
        listens to ``selected_changed`` sets the new ones).
        """
        if index is not None:
            index = int(index)
            if not 0 <= index < self.n_points:
                return
        if index == self.selected:
            return
        self.selected = index
        self.neighbors = None
        self.selected_changed.emit(index)

    def set_neighbors(self, neighbors: tuple[np.ndarray, np.ndarray] | None) -> None:
        """(indices, cosines) of the selection's neighbours, or None."""
        self.neighbors = neighbors
        self.neighbors_changed.emit(neighbors)

    def pin_anchor(self) -> bool:
        """Pin the selected point as the anchor (clears the marks); True if it changed."""
        if self.selected is None or self.selected == self.anchor:
            return False
        self.anchor = self.selected
        self.anchor_changed.emit(self.anchor)
        if self.marks:
            self.marks = {}
            self.marks_changed.emit({})
        return True

    def mark(self, indices: list[int], role: str | None) -> None:
        """Mark points ``"positive"``, ``"negative"`` or clear their marks (None)."""
        if role is not None and role not in ROLES:
            raise ValueError(f"role must be one of {ROLES} or None, got {role!r}")
        marks = dict(self.marks)
        for i in indices:
            if role is None:
                marks.pop(int(i), None)
            else:
                marks[int(i)] = role
        if marks != self.marks:
            self.marks = marks
            self.marks_changed.emit(dict(marks))

    def marked(self, role: str) -> list[int]:
        """Points marked ``role``, in index order, without the anchor."""
        a = self.effective_anchor
        return [i for i, m in sorted(self.marks.items()) if m == role and i != a]
