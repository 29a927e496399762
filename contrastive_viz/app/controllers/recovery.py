"""Recovery files, one per running instance, each guarded by a lock.

Every instance autosaves its unsaved edits to its own ``recovery-<pid>-<random>.json``
in the data folder and holds ``recovery-<...>.lock`` (a :class:`QLockFile`) while it
runs. A clean exit deletes both. A recovery file whose lock is free belongs to an
instance that died (a crash, ``kill -9``: Qt sees that the lock's process is gone), so
it is an *orphan*, offered on the next start; a running instance's file is never
touched by another. The file is a scene file with one extra key, ``source_path``: the
file the scene was opened from or saved to, so a restored scene keeps its path.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QStandardPaths

from ...core import scene as sc
from ...core.atomic import atomic_write_text
from ...core.safe_files import FileRefused, read_capped
from ...core.scene_format import MAX_SCENE_BYTES
from .scene_check import read_scene

__all__ = ["Orphan", "RecoveryFiles", "data_dir"]

_PATTERN = "recovery-*.json"


def data_dir() -> Path:
    """Where recovery files live (``CONTRASTIVE_VIZ_DATA_DIR`` overrides it)."""
    override = os.environ.get("CONTRASTIVE_VIZ_DATA_DIR")
    base = override or QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    path = Path(base or Path.home() / ".contrastive-viz")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


@dataclass
class Orphan:
    """A recovery file left by an instance that died, locked by us while it is offered.

    Attributes
    ----------
    path : Path
        The recovery file.
    scene : Scene
        Its scene (read, validated and evaluated).
    source : Path or None
        The file the scene belonged to, if it had one.
    """

    path: Path
    scene: sc.Scene
    source: Path | None
    _lock: QLockFile

    def forget(self) -> None:
        """Delete the recovery file and its lock (restored or discarded)."""
        self.path.unlink(missing_ok=True)
        self._lock.unlock()

    def keep(self) -> None:
        """Leave the file for a later start (the lock is released)."""
        self._lock.unlock()


class RecoveryFiles:
    """This instance's recovery file, and the orphans of instances that died.

    Parameters
    ----------
    folder : Path, optional
        The data folder (default :func:`data_dir`).
    """

    def __init__(self, folder: Path | None = None):
        self.folder = folder if folder is not None else data_dir()
        self.path = self.folder / f"recovery-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        self._lock = _lock(self.path)
        self._lock.tryLock(0)  # a fresh, unique name: nobody else holds it

    def write(self, scene: sc.Scene, source: Path | None) -> None:
        """Autosave ``scene`` (and the file it came from) atomically.

        Raises
        ------
        OSError
            The file cannot be written.
        """
        data = sc.scene_to_dict(scene)
        data["source_path"] = None if source is None else str(source)
        atomic_write_text(self.path, json.dumps(data, indent=2) + "\n")

    def discard(self) -> None:
        """Delete this instance's recovery file (a clean exit, or the edits were saved)."""
        self.path.unlink(missing_ok=True)

    def release(self) -> None:
        """Give up the lock, as a crash would: the file (if any) becomes an orphan."""
        self._lock.unlock()

    def orphans(self) -> list[Orphan]:
        """Recovery files of dead instances, newest first, each locked until it is
        :meth:`Orphan.forget`-ed or :meth:`Orphan.keep`-ed. Unreadable ones are deleted."""
        found = []
        candidates = [p for p in self.folder.glob(_PATTERN) if p != self.path]
        for path in sorted(candidates, key=_mtime, reverse=True):
            lock = _lock(path)
            if not lock.tryLock(0):  # its instance is running
                continue
            try:
                scene, source = read_scene(path), _source(path)
            except sc.SceneError:
                path.unlink(missing_ok=True)
                lock.unlock()
                continue
            found.append(Orphan(path, scene, source, lock))
        return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _source(path: Path) -> Path | None:
    """The ``source_path`` of a recovery file (already read once by :func:`read_scene`)."""
    try:
        value = json.loads(read_capped(path, MAX_SCENE_BYTES)).get("source_path")
    except (FileRefused, ValueError, RecursionError, AttributeError):
        return None
    return Path(value) if isinstance(value, str) and value else None
