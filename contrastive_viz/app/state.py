"""Deprecated: the playground's old entry point, kept until the explorer side is merged.

``PlaygroundState(scene)`` is now :class:`~.controllers.playground.PlaygroundController`
(model in ``.model``, undo in ``.undo_stack``); its ``changed`` is the model's
``scene_changed``. Remove this module once nothing imports it.
"""

from .controllers.playground import PlaygroundController as PlaygroundState

__all__ = ["PlaygroundState"]
