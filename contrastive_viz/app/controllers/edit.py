"""Undo commands and the one continuous-edit protocol of the playground.

A continuous edit (a sphere drag, a τ slider drag, gradient play, a
presentation animation) is live on every step and one undo step in the end,
in the manner of pyqtgraph's ``TargetItem`` (``sigPositionChanged`` while it
moves, ``sigPositionChangeFinished`` once)::

    edit.begin("Drag n1")     # model.editing -> True
    edit.update(scene)        # each step: the model evaluates and broadcasts once
    edit.finish()             # one undo entry, nothing re-applied; `finished` fires

The undo entry records the change without applying it a second time: the
first ``redo()`` that ``QUndoStack.push`` calls is a no-op.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core import scene as sc
from ..models.playground import PlaygroundModel


class SceneCommand(QUndoCommand):
    """Set the model's scene to ``after`` (redo) or ``before`` (undo).

    Parameters
    ----------
    model : PlaygroundModel
    before, after : Scene
    text : str
        The undo entry's text.
    applied : bool
        True when ``after`` is already shown: the push's first redo does nothing.
    paths : (Path or None, Path or None), optional
        The scene's file before and after, when the command changes it (opening a
        file, sending from the explorer): undo and redo restore it with the scene,
        so a Save after an Undo never writes the old scene over the opened file.
    """

    def __init__(
        self,
        model: PlaygroundModel,
        before: sc.Scene,
        after: sc.Scene,
        text: str,
        applied: bool = False,
        paths: tuple | None = None,
    ):
        super().__init__(text)
        self._model, self._before, self._after = model, before, after
        self._skip_redo = applied
        self._paths = paths

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._model.set_scene(self._after)
        if self._paths is not None:
            self._model.path = self._paths[1]

    def undo(self) -> None:
        self._model.set_scene(self._before)
        if self._paths is not None:
            self._model.path = self._paths[0]


class ContinuousEdit(QObject):
    """Live steps, one undo entry: the protocol every gesture and animation uses.

    Parameters
    ----------
    model : PlaygroundModel
        Receives every step (``set_scene``) and the ``editing`` flag.
    undo_stack : QUndoStack
        Receives one :class:`SceneCommand` per finished edit that changed the scene.
    parent : QObject, optional

    Signals
    -------
    finished(str)
        An edit ended and was recorded (its undo text); not emitted when the
        edit changed nothing or was cancelled.
    """

    finished = Signal(str)

    def __init__(self, model: PlaygroundModel, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self._model, self._stack = model, undo_stack
        self._start: sc.Scene | None = None
        self._text = ""
        self._token = 0

    @property
    def active(self) -> bool:
        """True between :meth:`begin` and :meth:`finish` / :meth:`cancel`."""
        return self._start is not None

    def begin(self, text: str) -> int:
        """Start an edit whose undo entry will read ``text`` (finishing any running one).

        Returns a token for :meth:`owns`: the edit's owner can tell whether a
        later :meth:`begin` took over.
        """
        if self.active:
            self.finish()
        self._start, self._text = self._model.scene, text
        self._start_path = self._model.path
        self._token += 1
        self._model.editing = True
        return self._token

    def owns(self, token: int) -> bool:
        """True while the edit that :meth:`begin` returned ``token`` for is running."""
        return self.active and token == self._token

    def update(self, scene: sc.Scene) -> None:
        """Show one step of the edit (no undo entry)."""
        if not self.active:
            raise RuntimeError("update() outside begin() ... finish()")
        self._model.set_scene(scene)

    def set_text(self, text: str) -> None:
        """Change the undo text of the running edit."""
        self._text = text

    def finish(self) -> None:
        """End the edit: record it from its start as one undo step, without re-applying it."""
        start, self._start = self._start, None
        if start is None:
            return
        self._model.editing = False
        end = self._model.scene
        if start is end or start == end:
            return
        path = self._model.path
        paths = None if path == self._start_path else (self._start_path, path)
        self._stack.push(SceneCommand(self._model, start, end, self._text, True, paths))
        self.finished.emit(self._text)

    def cancel(self) -> None:
        """End the edit and go back to where it began (no undo entry)."""
        start, self._start = self._start, None
        if start is None:
            return
        self._model.set_scene(start)
        self._model.editing = False
