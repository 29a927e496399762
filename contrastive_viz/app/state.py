"""The playground's evented model: the scene, its derived evaluation, undo.

Views read ``state.scene`` and ``state.evaluation`` and write every edit back
through the methods here. Derived numbers come from
:func:`contrastive_viz.core.scene.evaluate`; views never compute them.

Signals
-------
changed
    The scene's numbers changed (every drag move, temperature edit, ...).
structure_changed
    Vectors were added, removed, renamed, re-roled or re-coloured, or a new
    scene was loaded: list-like views rebuild their rows. Always followed by
    ``changed``.
drag_finished
    A drag ended (one undo step was recorded).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import scene as sc
from ..core.losses import check_temperature
from ..core.sphere import geodesic_step, random_unit_vectors

#: Largest angle (radians) one gradient step may turn the anchor.
MAX_STEP_ANGLE = 0.08


class _SceneCommand(QUndoCommand):
    def __init__(self, state: PlaygroundState, before, after, text: str):
        super().__init__(text)
        self._state, self._before, self._after = state, before, after

    def redo(self) -> None:
        self._state._apply(self._after)

    def undo(self) -> None:
        self._state._apply(self._before)


class PlaygroundState(QObject):
    """The playground's single source of truth."""

    changed = Signal()
    structure_changed = Signal()
    drag_finished = Signal()

    def __init__(self, scene: sc.Scene, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._scene = scene
        self._evaluation = sc.evaluate(scene)
        self._drag_start: sc.Scene | None = None
        self.path: Path | None = None
        self.selected: int | None = None

    # ------------------------------------------------------------ reading
    @property
    def scene(self) -> sc.Scene:
        return self._scene

    @property
    def evaluation(self) -> sc.SceneEvaluation:
        return self._evaluation

    # ----------------------------------------------------------- plumbing
    def _apply(self, scene: sc.Scene) -> None:
        old = self._scene
        self._scene = scene
        self._evaluation = sc.evaluate(scene)
        if (old.names, old.roles, old.colors) != (scene.names, scene.roles, scene.colors):
            if self.selected is not None and self.selected >= len(scene):
                self.selected = None
            self.structure_changed.emit()
        self.changed.emit()

    def push(self, scene: sc.Scene, text: str) -> None:
        """Record an edit as one undo step and apply it."""
        if scene == self._scene:
            return
        self.undo_stack.push(_SceneCommand(self, self._scene, scene, text))

    def load(self, scene: sc.Scene, path: Path | None = None, text: str = "Open scene") -> None:
        """Replace the whole scene (undoable)."""
        self.path = path
        self.push(scene, text)
        if path is not None:
            self.undo_stack.setClean()

    # -------------------------------------------------------------- drags
    def begin_drag(self, index: int) -> None:
        """Start a drag of vector ``index``; moves are live, the end is one undo step."""
        self._drag_start = self._scene
        self.selected = index

    def drag_to(self, index: int, direction) -> None:
        """Live move during a drag (no undo entry)."""
        if self._drag_start is None:
            self.begin_drag(index)
        self._apply(self._scene.with_direction(index, direction))

    def end_drag(self, text: str | None = None) -> None:
        """Finish the drag: record it from its start as one undo step."""
        start, self._drag_start = self._drag_start, None
        if start is None or start == self._scene:
            return
        if text is None:
            name = self._scene.names[self.selected] if self.selected is not None else "vector"
            text = f"Drag {name}"
        self.undo_stack.push(_SceneCommand(self, start, self._scene, text))
        self.drag_finished.emit()

    def preview(self, scene: sc.Scene) -> None:
        """Show ``scene`` live without an undo entry (animations); finish with :meth:`load`."""
        self._apply(scene)

    @property
    def dragging(self) -> bool:
        return self._drag_start is not None

    # -------------------------------------------------------------- edits
    def set_temperature(self, value) -> bool:
        """Set tau; returns False (and changes nothing) when the value is invalid."""
        try:
            tau = check_temperature(value)
        except ValueError:
            return False
        if not 1e-4 <= tau <= 1e4:
            return False
        self.push(replace(self._scene, temperature=tau), f"Temperature {tau:g}")
        return True

    def set_loss(self, loss: str) -> None:
        self.push(replace(self._scene, loss=loss), f"Loss: {sc.LOSSES[loss]}")

    def set_margin(self, which: str, value: float) -> bool:
        if not np.isfinite(value) or value < 0:
            return False
        field = "triplet_margin" if which == "triplet" else "contrastive_margin"
        self.push(replace(self._scene, **{field: float(value)}), f"Margin {value:g}")
        return True

    def set_direction(self, index: int, direction) -> bool:
        """Set one vector from typed coordinates (normalized); False if invalid."""
        d = np.asarray(direction, dtype=float)
        if d.shape != (3,) or not np.isfinite(d).all() or not d.any():
            return False
        self.push(self._scene.with_direction(index, d), f"Move {self._scene.names[index]}")
        return True

    def edit_vector(self, index: int, **changes) -> str | None:
        """Rename, re-role or re-colour; returns an error message or None."""
        if "role" in changes and self._scene.colors[index] == sc.ROLE_COLORS.get(
            self._scene.roles[index]
        ):
            changes.setdefault("color", sc.ROLE_COLORS[changes["role"]])
        try:
            new = self._scene.with_vector(index, **changes)
        except sc.SceneError as exc:
            return str(exc)
        what = ", ".join(changes)
        self.push(new, f"Change {what} of {self._scene.names[index]}")
        return None

    def add_vector(self, role: str = "negative", direction=None, rng=None) -> int:
        """Add a vector (at a random spot when ``direction`` is None); returns its index."""
        if direction is None:
            direction = random_unit_vectors(1, 3, rng)[0]
        stem = {"negative": "n", "positive": "p", "anchor": "a"}[role]
        name = self._scene.unique_name(stem)
        self.push(self._scene.added(name, role, direction), f"Add {name}")
        return len(self._scene) - 1

    def remove_vector(self, index: int) -> str | None:
        """Remove a vector; returns an error message if the scene would become invalid."""
        try:
            new = self._scene.removed(index)
        except sc.SceneError as exc:
            return str(exc)
        self.push(new, f"Remove {self._scene.names[index]}")
        return None

    def randomize_negatives(self, rng=None) -> None:
        dirs = self._scene.directions.copy()
        neg = self._scene.index("negative")
        dirs[neg] = random_unit_vectors(len(neg), 3, rng)
        self.push(self._scene.with_directions(dirs), "Randomize negatives")

    def step(self, rate: float = 0.05, record: bool = True) -> float:
        """Move the anchor one gradient step along the sphere; returns the angle moved.

        The step turns the anchor by ``rate * tau * |grad|`` radians, capped at
        :data:`MAX_STEP_ANGLE`, so it behaves the same at every temperature.
        """
        ev = self._evaluation
        grad = ev.result.grad_anchor
        if ev.original:
            return 0.0
        norm = float(np.linalg.norm(grad))
        if norm == 0:
            return 0.0
        tau = self._scene.temperature if ev.result.temperature else 1.0
        angle = min(rate * tau * norm, MAX_STEP_ANGLE)
        a = self._scene.anchor_index
        new_dir = geodesic_step(self._scene.directions[a], grad, angle / norm)
        new = self._scene.with_direction(a, new_dir)
        if record:
            self.push(new, "Gradient step")
        else:
            self._apply(new)
        return angle
