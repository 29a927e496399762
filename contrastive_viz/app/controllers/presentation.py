"""Presentation mode: full screen, high contrast, a playlist of scenes.

Left/Right step through the playlist, animating every vector along its great
circle when the two scenes have the same vectors; Space plays or pauses
gradient descent. An animation is one continuous edit
(:class:`~.edit.ContinuousEdit`): one evaluation per frame, one undo step.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from ...core import scene as sc
from ...core.presets import PRESETS
from ...core.safe_files import FileRefused, read_capped
from ...core.sphere import slerp
from .playground import PlaygroundController
from .scene_check import read_scene

ANIMATION_MS = 700
MAX_PLAYLIST_BYTES = 1024 * 1024


def read_playlist(path: str | Path) -> list[Path]:
    """Scene files from a folder (sorted by name) or from a list file.

    A list file is either text (one path per line, ``#`` comments) or JSON
    (``{"scenes": [...]}`` or a list); relative paths are relative to it.

    Raises
    ------
    ValueError
        If the playlist is empty or unreadable, not a regular file (a FIFO, a device),
        or larger than :data:`MAX_PLAYLIST_BYTES`; the message starts with its name.
    """
    p = Path(path)
    if p.is_dir():
        items = sorted(p.glob("*.json"))
    else:
        try:
            text = read_capped(p, MAX_PLAYLIST_BYTES).decode("utf-8")
        except FileRefused as exc:
            raise ValueError(f"{p.name}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"{p.name}: not UTF-8 text (bad byte at {exc.start})") from None
        if p.suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p.name}: not valid JSON ({exc.msg})") from None
            except (RecursionError, ValueError) as exc:
                raise ValueError(f"{p.name}: not a playlist ({str(exc)[:120]})") from None
            names = data.get("scenes", []) if isinstance(data, dict) else data
        else:
            names = [ln.strip() for ln in text.splitlines()]
            names = [n for n in names if n and not n.startswith("#")]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"{p.name}: a playlist is a list of scene file names")
        items = [(p.parent / n) for n in names]
    if not items:
        raise ValueError(f"{p.name}: the playlist holds no scenes")
    return items


class Presentation(QObject):
    """Steps the playground through a playlist with great-circle animations.

    Parameters
    ----------
    playground : PlaygroundController
    parent : QObject, optional

    Signals
    -------
    position_changed(int, int)
        The playlist index (-1: the user's own scene) and length.
    failed(str)
        A scene of the playlist could not be read.
    """

    position_changed = Signal(int, int)  # index, count
    failed = Signal(str)

    def __init__(self, playground: PlaygroundController, parent: QObject | None = None):
        super().__init__(parent)
        self._pg = playground
        self._edit = 0
        self._items: list = list(PRESETS.values())
        self._index = -1
        self._own: sc.Scene | None = None  # the user's scene when presenting began
        self._title = ""
        self._timer = QTimer(self, interval=16)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._clock = QElapsedTimer()
        self._from = self._to = None

    @property
    def index(self) -> int:
        return self._index

    def set_playlist(self, items: list) -> None:
        """Scenes to step through: Scene objects, callables returning one, or paths."""
        self._items = list(items)
        self._index = -1

    def start(self) -> None:
        """Begin presenting from the scene shown now.

        If it is one of the slides, the counter starts there; otherwise it is
        kept as "your scene" (index -1), before the first slide: every → then
        shows something new, and ← from the first slide comes back to it.
        """
        self._finish()
        self._own, self._index = self._pg.scene, -1
        for i in range(len(self._items)):
            try:
                same = self._scene_at(i) == self._own
            except sc.SceneError:
                continue
            if same:
                self._index, self._own = i, None
                self._title = self._pg.scene.title or f"Slide {i + 1}"
                break
        self.position_changed.emit(self._index, len(self._items))

    def caption(self) -> str:
        """Where the show is: ``"2 / 4 · One hard negative"``, or "Your scene"."""
        n = len(self._items)
        if self._index < 0:
            return f"Your scene · → for slide 1 of {n}" if n else "Your scene"
        return f"{self._index + 1} / {n} · {self._title}"

    def _scene_at(self, i: int) -> sc.Scene:
        item = self._items[i]
        if isinstance(item, sc.Scene):
            return item
        if callable(item):
            return item()
        return read_scene(item)

    def next(self) -> None:
        self.go(self._index + 1)

    def previous(self) -> None:
        self.go(self._index - 1)

    def go(self, i: int) -> None:
        """Show slide ``i`` (clamped; -1 is "your scene" when presenting began on it)."""
        if not self._items:
            return
        i = max(-1 if self._own is not None else 0, min(i, len(self._items) - 1))
        if i == self._index and not self._timer.isActive():
            return
        try:
            target = self._own if i < 0 else self._scene_at(i)
        except sc.SceneError as exc:
            self.failed.emit(str(exc))
            return
        self._finish()
        self._index = i
        self._title = target.title or f"Slide {i + 1}"
        self.position_changed.emit(i, len(self._items))
        current = self._pg.scene
        if current.roles == target.roles:
            self._from, self._to = current, target
            self._edit = self._pg.edit.begin(f"Scene: {target.title}")
            self._clock.start()
            self._timer.start()
        else:
            self._pg.load(target, None, f"Scene: {target.title or i + 1}")

    def _finish(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            if self._pg.edit.owns(self._edit):
                self._pg.edit.update(self._to)  # land exactly
                self._pg.model.path = None
                self._pg.edit.finish()

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    def _on_timer_timeout(self) -> None:
        if not self._pg.edit.owns(self._edit):  # a drag took over: stop here
            self._timer.stop()
            return
        t = min(1.0, self._clock.elapsed() / ANIMATION_MS)
        if t >= 1.0:
            self._finish()
            return
        ease = 0.5 - 0.5 * np.cos(np.pi * t)
        pairs = zip(self._from.directions, self._to.directions, strict=True)
        dirs = np.vstack([slerp(a, b, ease) for a, b in pairs])
        tau = self._from.temperature ** (1 - ease) * self._to.temperature**ease
        self._pg.edit.update(replace(self._from.with_directions(dirs), temperature=tau))
