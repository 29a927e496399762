"""Opening and saving scenes: dialogs, recent files, autosave and recovery.

Every failure becomes an error dialog and the current scene is kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from shiboken6 import isValid

from ...core import scene as sc
from .playground import PlaygroundController

SCENE_FILTER = "Scenes (*.json);;All files (*)"
MAX_RECENT = 10
AUTOSAVE_MS = 1500


def data_dir() -> Path:
    """Where the recovery file lives (``CONTRASTIVE_VIZ_DATA_DIR`` overrides it)."""
    override = os.environ.get("CONTRASTIVE_VIZ_DATA_DIR")
    base = override or QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    path = Path(base or Path.home() / ".contrastive-viz")
    path.mkdir(parents=True, exist_ok=True)
    return path


class RecentFiles(QObject):
    """The recent-files list, kept in QSettings under ``key``."""

    changed = Signal()

    def __init__(self, key: str = "recent_files", parent: QObject | None = None):
        super().__init__(parent)
        self._key = key

    def paths(self) -> list[str]:
        value = QSettings().value(self._key, [])
        if isinstance(value, str):
            value = [value]
        return [p for p in (value or []) if isinstance(p, str)]

    def add(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        items = [p] + [x for x in self.paths() if x != p]
        QSettings().setValue(self._key, items[:MAX_RECENT])
        self.changed.emit()

    def remove(self, path: str) -> None:
        QSettings().setValue(self._key, [x for x in self.paths() if x != path])
        self.changed.emit()


class SceneFiles(QObject):
    """Open/save/recover scenes for one playground."""

    message = Signal(str)

    def __init__(
        self, playground: PlaygroundController, parent_widget: QWidget, interactive: bool = True
    ):
        super().__init__(parent_widget)
        self._pg = playground
        self._parent = parent_widget
        self.interactive = interactive
        self.recent = RecentFiles("recent_scenes", self)
        self.recovery_path = data_dir() / "recovery-scene.json"
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_recovery)
        playground.undo_stack.indexChanged.connect(self._on_undo_index_changed)

    # ------------------------------------------------------------- dialogs
    def _error(self, title: str, text: str) -> None:
        self.message.emit(text)
        if self.interactive:
            QMessageBox.critical(self._parent, title, text)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open scene", "", SCENE_FILTER)
        if path:
            self.open(path)

    def open(self, path: str | Path) -> bool:
        """Load a scene file; on failure show the error and keep the current scene."""
        try:
            scene = sc.load_scene(path)
        except sc.SceneError as exc:
            self._error("Cannot open scene", str(exc))
            return False
        self._pg.load(scene, Path(path), f"Open {Path(path).name}")
        self.recent.add(path)
        self.message.emit(f"Opened {Path(path).name}")
        return True

    def save(self) -> bool:
        if self._pg.model.path is None:
            return self.save_as()
        return self._write(self._pg.model.path)

    def save_as(self) -> bool:
        start = str(self._pg.model.path or "scene.json")
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save scene", start, SCENE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".json"
        return self._write(Path(path))

    def _write(self, path: Path) -> bool:
        try:
            sc.save_scene(self._pg.scene, path)
        except OSError as exc:
            self._error("Cannot save scene", f"{path.name}: {exc.strerror or exc}")
            return False
        self._pg.model.path = path
        self._pg.undo_stack.setClean()
        self.recent.add(path)
        self.message.emit(f"Saved {path.name}")
        return True

    def confirm_close(self) -> bool:
        """True when the window may close: no unsaved edits, or the user saved or
        discarded them (asked only when interactive)."""
        if not self.interactive or self._pg.undo_stack.isClean():
            return True
        name = self._pg.model.path.name if self._pg.model.path else "this scene"
        answer = QMessageBox.question(
            self._parent,
            "Save changes?",
            f"Save the changes to {name} before quitting?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Save,
        )
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    # ------------------------------------------------------------ recovery
    def _on_undo_index_changed(self, _index: int) -> None:
        stack = self._pg.undo_stack
        if isValid(stack) and not stack.isClean():  # the stack emits while being destroyed
            self._autosave.start()

    def write_recovery(self) -> None:
        """Autosave the current scene to the recovery file (atomically)."""
        try:
            sc.save_scene(self._pg.scene, self.recovery_path)
        except OSError as exc:
            self.message.emit(f"Autosave failed: {exc.strerror or exc}")

    def discard_recovery(self) -> None:
        """Forget the recovery file (called on a clean exit)."""
        self._autosave.stop()
        self.recovery_path.unlink(missing_ok=True)

    def offer_recovery(self) -> bool:
        """If the last session died with unsaved edits, offer to restore them."""
        if not self.recovery_path.exists():
            return False
        try:
            scene = sc.load_scene(self.recovery_path)
        except sc.SceneError:
            self.discard_recovery()
            return False
        answer = QMessageBox.question(
            self._parent,
            "Restore unsaved scene?",
            "contrastive-viz did not close cleanly last time.\nRestore the scene you were editing?",
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.Yes,
        )
        if answer == QMessageBox.Yes:
            self._pg.load(scene, None, "Restore unsaved scene")
            self.message.emit("Restored the unsaved scene")
            return True
        self.discard_recovery()
        return False
