"""The playground's evented model: the scene, its evaluation, the selection, edit state.

No Qt: listeners are called synchronously in the thread that sets a field
(always the GUI thread; background results reach the model through a
controller's queued slot). Every event fires only when its field changes.

Events
------
scene_changed(Scene)
    The scene's numbers changed (every drag move, temperature edit, undo...).
    :attr:`PlaygroundModel.evaluation` is already the new scene's.
structure_changed(Scene)
    Vectors were added, removed, renamed, re-roled or re-coloured: list-like
    views rebuild their rows. Emitted before ``scene_changed``.
selected_changed(object)
    The selected vector's index, or None.
editing_changed(bool)
    A continuous edit (drag, slider, animation) began or finished.
path_changed(object)
    The scene's file (a Path) or None.
"""

from __future__ import annotations

from pathlib import Path

from psygnal import Signal

from ...core import scene as sc


def _structure(scene: sc.Scene) -> tuple:
    return scene.names, scene.roles, scene.colors


class PlaygroundModel:
    """The playground's single source of truth (see the module's events).

    Parameters
    ----------
    scene : Scene
        The first scene; it is evaluated once here.
    """

    scene_changed = Signal(object)
    structure_changed = Signal(object)
    selected_changed = Signal(object)
    editing_changed = Signal(bool)
    path_changed = Signal(object)

    def __init__(self, scene: sc.Scene) -> None:
        self._scene = scene
        self._evaluation = sc.evaluate(scene)
        self._selected: int | None = None
        self._editing = False
        self._path: Path | None = None

    # ------------------------------------------------------------- scene
    @property
    def scene(self) -> sc.Scene:
        """The current scene (immutable)."""
        return self._scene

    @property
    def evaluation(self) -> sc.SceneEvaluation:
        """``core.scene.evaluate(scene)``, computed once per scene."""
        return self._evaluation

    def set_scene(self, scene: sc.Scene) -> None:
        """Show ``scene``: evaluate it once, then emit ``structure_changed`` (if the
        vectors' names, roles or colours changed) and ``scene_changed``."""
        if scene is self._scene:
            return
        old = self._scene
        self._scene = scene
        self._evaluation = sc.evaluate(scene)
        if _structure(old) != _structure(scene):
            self.structure_changed.emit(scene)  # list views reset their rows first
            if self._selected is not None and self._selected >= len(scene):
                self.selected = None
        self.scene_changed.emit(scene)

    # ----------------------------------------------------------- fields
    @property
    def selected(self) -> int | None:
        """Index of the selected vector (the table's row, the sphere's ring), or None."""
        return self._selected

    @selected.setter
    def selected(self, index: int | None) -> None:
        if index is not None:
            index = int(index)
            if not 0 <= index < len(self._scene):
                index = None
        if index != self._selected:
            self._selected = index
            self.selected_changed.emit(index)

    @property
    def editing(self) -> bool:
        """True while a continuous edit (drag, slider, animation) runs."""
        return self._editing

    @editing.setter
    def editing(self, value: bool) -> None:
        value = bool(value)
        if value != self._editing:
            self._editing = value
            self.editing_changed.emit(value)

    @property
    def path(self) -> Path | None:
        """The file the scene was opened from or saved to."""
        return self._path

    @path.setter
    def path(self, value: Path | None) -> None:
        value = None if value is None else Path(value)
        if value != self._path:
            self._path = value
            self.path_changed.emit(value)
