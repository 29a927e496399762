"""The playground's edits and undo: every change to the scene goes through here.

:class:`PlaygroundController` holds the :class:`~..models.playground.PlaygroundModel`,
the ``QUndoStack`` and the :class:`~.edit.ContinuousEdit`. A discrete edit is one
undo command whose ``redo`` sets the model's scene (one evaluation); a drag is a
continuous edit (one evaluation per move, none when it finishes).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from ...core import scene as sc
from ...core.sphere import geodesic_step, random_unit_vectors
from ...core.temperature import parse_temperature
from ..models.playground import PlaygroundModel
from .edit import ContinuousEdit, SceneCommand

#: Largest angle (radians) one gradient step may turn the anchor.
MAX_STEP_ANGLE = 0.08


class PlaygroundController(QObject):
    """Edits of the playground's scene, each one undo step.

    Parameters
    ----------
    scene_or_model : Scene or PlaygroundModel
    parent : QObject, optional

    Attributes
    ----------
    model : PlaygroundModel
    undo_stack : QUndoStack
    edit : ContinuousEdit
        The protocol of drags, the τ slider, gradient play and animations.
    """

    def __init__(self, scene_or_model, parent: QObject | None = None):
        super().__init__(parent)
        model = scene_or_model
        self.model = model if isinstance(model, PlaygroundModel) else PlaygroundModel(model)
        self.undo_stack = QUndoStack(self)
        self.edit = ContinuousEdit(self.model, self.undo_stack, self)

    # ------------------------------------------------------------ reading
    @property
    def scene(self) -> sc.Scene:
        """The model's scene."""
        return self.model.scene

    @property
    def evaluation(self) -> sc.SceneEvaluation:
        """The model's evaluation."""
        return self.model.evaluation

    # ------------------------------------------------------------ plumbing
    def push(self, scene: sc.Scene, text: str) -> None:
        """Record an edit as one undo step and apply it (nothing when it changes nothing)."""
        if self.edit.active:
            self.edit.finish()
        if scene == self.model.scene:
            return
        self.undo_stack.push(SceneCommand(self.model, self.model.scene, scene, text))

    def load(self, scene: sc.Scene, path: Path | None = None, text: str = "Open scene") -> None:
        """Replace the whole scene and its file (one undo step for both)."""
        if self.edit.active:
            self.edit.finish()
        if scene == self.model.scene:
            self.model.path = path
        else:
            paths = (self.model.path, None if path is None else Path(path))
            self.undo_stack.push(
                SceneCommand(self.model, self.model.scene, scene, text, paths=paths)
            )
        if path is not None:
            self.undo_stack.setClean()

    def undo(self) -> None:
        """Undo the last step; a running edit (a drag, a slider, play) is finished first,
        so it becomes that step rather than being torn apart."""
        if self.edit.active:
            self.edit.finish()
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the next step (a running edit is finished first; it then has no redo)."""
        if self.edit.active:
            self.edit.finish()
        self.undo_stack.redo()

    # -------------------------------------------------------------- drags
    def begin_drag(self, index: int) -> None:
        """Start a drag of vector ``index`` (it becomes the selection)."""
        self.model.selected = index
        self.edit.begin(f"Drag {self.model.scene.names[index]}")

    def drag_to(self, index: int, direction) -> None:
        """One live move of a drag (begins one if none runs)."""
        if not self.edit.active:
            self.begin_drag(index)
        self.edit.update(self.model.scene.with_direction(index, direction))

    def end_drag(self) -> None:
        """Finish the drag: one undo step."""
        self.edit.finish()

    # -------------------------------------------------------------- edits
    def set_temperature(self, value) -> bool:
        """Set tau; returns False (and changes nothing) when the value is not accepted."""
        try:
            tau = parse_temperature(value)
        except ValueError:
            return False
        self.push(self.model.scene.with_temperature(tau), f"Temperature {tau:g}")
        return True

    def slide_temperature(self, value) -> bool:
        """One live step of a τ gesture (the slider held down): one undo step for the
        whole gesture, finished by ``edit.finish()``. False if the value is refused."""
        try:
            tau = parse_temperature(value)
        except ValueError:
            return False
        if not self.edit.active:
            self.edit.begin("Temperature")
        self.edit.update(self.model.scene.with_temperature(tau))
        return True

    def set_loss(self, loss: str) -> None:
        self.push(replace(self.model.scene, loss=loss), f"Loss: {sc.LOSSES[loss]}")

    def set_margin(self, which: str, value: float) -> bool:
        """Set the ``"triplet"`` or ``"contrastive"`` margin; False if invalid."""
        if not np.isfinite(value) or value < 0:
            return False
        field = "triplet_margin" if which == "triplet" else "contrastive_margin"
        self.push(replace(self.model.scene, **{field: float(value)}), f"Margin {value:g}")
        return True

    def set_direction(self, index: int, direction) -> bool:
        """Set one vector from typed coordinates (normalized); False if invalid."""
        d = np.asarray(direction, dtype=float)
        if d.shape != (3,) or not np.isfinite(d).all() or not d.any():
            return False
        scene = self.model.scene
        self.push(scene.with_direction(index, d), f"Move {scene.names[index]}")
        return True

    def edit_vector(self, index: int, **changes) -> str | None:
        """Rename, re-role or re-colour; returns an error message or None."""
        scene = self.model.scene
        if "role" in changes and scene.colors[index] == sc.ROLE_COLORS.get(scene.roles[index]):
            changes.setdefault("color", sc.ROLE_COLORS[changes["role"]])
        try:
            new = scene.with_vector(index, **changes)
        except sc.SceneError as exc:
            return str(exc)
        self.push(new, f"Change {', '.join(changes)} of {scene.names[index]}")
        return None

    def add_vector(self, role: str = "negative", direction=None, rng=None) -> int:
        """Add a vector (at a random spot when ``direction`` is None); returns its index."""
        if direction is None:
            direction = random_unit_vectors(1, 3, rng)[0]
        stem = {"negative": "n", "positive": "p", "anchor": "a"}[role]
        scene = self.model.scene
        name = scene.unique_name(stem)
        self.push(scene.added(name, role, direction), f"Add {name}")
        return len(self.model.scene) - 1

    def remove_vector(self, index: int) -> str | None:
        """Remove a vector; returns an error message if the scene would become invalid."""
        scene = self.model.scene
        try:
            new = scene.removed(index)
        except sc.SceneError as exc:
            return str(exc)
        self.push(new, f"Remove {scene.names[index]}")
        return None

    def randomize_negatives(self, rng=None) -> None:
        scene = self.model.scene
        dirs = scene.directions.copy()
        neg = scene.index("negative")
        dirs[neg] = random_unit_vectors(len(neg), 3, rng)
        self.push(scene.with_directions(dirs), "Randomize negatives")

    def step(self, rate: float = 0.05, record: bool = True) -> float:
        """Move the anchor one gradient step along the sphere; returns the angle moved.

        The step turns the anchor by ``rate * tau * |grad|`` radians, capped at
        :data:`MAX_STEP_ANGLE`, so it behaves the same at every temperature.
        With ``record=False`` the step is one update of the running continuous
        edit (gradient play).
        """
        ev, scene = self.model.evaluation, self.model.scene
        grad = ev.result.grad_anchor
        if ev.original:
            return 0.0
        norm = float(np.linalg.norm(grad))
        if norm == 0:
            return 0.0
        tau = scene.temperature if ev.result.temperature else 1.0
        angle = min(rate * tau * norm, MAX_STEP_ANGLE)
        a = scene.anchor_index
        new = scene.with_direction(a, geodesic_step(scene.directions[a], grad, angle / norm))
        if record:
            self.push(new, "Gradient step")
        else:
            self.edit.update(new)
        return angle
