"""Read and check a scene completely before anything is applied.

A scene is only pushed onto the undo stack (and so shown) after it was read, validated
*and* evaluated here: an undo command's ``redo()`` never meets a scene that might fail.
Every caller that opens a scene (File › Open, the command line, recovery, playlists)
goes through :func:`read_scene`, which raises :class:`~...core.scene.SceneError` (a
``ValueError``) whose message starts with the file name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ...core import scene as sc

__all__ = ["checked_scene", "read_scene"]


def checked_scene(scene: sc.Scene, name: str = "") -> sc.SceneEvaluation:
    """Evaluate ``scene`` once; any numeric failure becomes a :class:`SceneError`.

    Parameters
    ----------
    scene : Scene
    name : str, optional
        The file's name, put in front of the message.

    Returns
    -------
    SceneEvaluation
        The scene's numbers (the caller may discard them).
    """
    try:
        return sc.evaluate(scene)
    except (ValueError, ArithmeticError) as exc:  # SceneError is a ValueError too
        prefix = f"{name}: " if name else ""
        raise sc.SceneError(f"{prefix}its numbers cannot be computed ({exc})") from None


def read_scene(path: str | os.PathLike) -> sc.Scene:
    """Load ``path`` with :func:`core.scene.load_scene` and check that it evaluates.

    Raises
    ------
    SceneError
        The file is refused (not a regular file, too large), is not a valid scene, or
        its numbers cannot be computed. Nothing has been applied.
    """
    scene = sc.load_scene(path)
    checked_scene(scene, Path(path).name)
    return scene
