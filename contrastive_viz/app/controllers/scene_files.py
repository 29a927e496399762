"""Opening and saving scenes: dialogs, recent files, autosave and recovery.

Every failure becomes an error dialog and the current scene is kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from shiboken6 import isValid

from ...core import scene as sc
from .playground import PlaygroundController
from .recovery import RecoveryFiles, data_dir
from .scene_check import read_scene

__all__ = ["RecentFiles", "SceneFiles", "data_dir"]

SCENE_FILTER = "Scenes (*.json);;All files (*)"
#: Save As offers this suffix: file managers know it as application/x-contrastive-viz-scene
#: once ``contrastive-viz --install-desktop`` ran (see ``desktop_install.py``).
SCENE_SUFFIX = ".cvscene.json"
SAVE_FILTER = "Scenes (*.cvscene.json *.json);;All files (*)"
MAX_RECENT = 10
AUTOSAVE_MS = 1500


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
        self.recovery = RecoveryFiles()
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
        """Load a scene file; on failure show the error and keep the current scene.

        The scene is read, validated and evaluated before it is pushed as an undo step.
        """
        try:
            scene = read_scene(path)
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
        start = str(self._pg.model.path or f"scene{SCENE_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self._parent, "Save scene", start, SAVE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += SCENE_SUFFIX
        return self._write(Path(path))

    def _write(self, path: Path) -> bool:
        try:
            sc.save_scene(self._pg.scene, path)
        except OSError as exc:
            self._error("Cannot save scene", f"{path.name}: {exc.strerror or exc}")
            return False
        self._pg.model.path = path
        self._pg.undo_stack.setClean()
        self._autosave.stop()
        self.recovery.discard()  # saved: a crash now has nothing to recover
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

    @property
    def recovery_path(self) -> Path:
        """This instance's recovery file (see :mod:`.recovery`)."""
        return self.recovery.path

    def write_recovery(self) -> None:
        """Autosave the current scene and its file's path to this instance's recovery file."""
        try:
            self.recovery.write(self._pg.scene, self._pg.model.path)
        except OSError as exc:
            self.message.emit(f"Autosave failed: {exc.strerror or exc}")

    def discard_recovery(self) -> None:
        """Forget this instance's recovery file and release its lock (a clean exit)."""
        self._autosave.stop()
        self.recovery.discard()
        self.recovery.release()

    def offer_recovery(self) -> bool:
        """Offer the unsaved scene of every instance that died, newest first.

        Yes restores it (with its file's path; still unsaved) and ends the offers, No
        keeps it for a later start, Discard deletes it. Returns True if one was restored.
        """
        orphans = self.recovery.orphans()
        for k, orphan in enumerate(orphans):
            answer = QMessageBox.question(
                self._parent,
                "Restore unsaved scene?",
                _recovery_question(orphan, k, len(orphans)),
                QMessageBox.Yes | QMessageBox.No | QMessageBox.Discard,
                QMessageBox.Yes,
            )
            if answer != QMessageBox.Yes:
                orphan.forget() if answer == QMessageBox.Discard else orphan.keep()
                continue
            self._pg.load(orphan.scene, None, "Restore unsaved scene")
            self._pg.model.path = orphan.source  # its file, but the edits stay unsaved
            self.write_recovery()  # now this instance's; then the orphan can go
            orphan.forget()
            for later in orphans[k + 1 :]:
                later.keep()
            left = len(orphans) - k - 1
            more = f"; {left} more will be offered at the next start" if left else ""
            self.message.emit(f"Restored the unsaved scene{more}")
            return True
        return False


def _recovery_question(orphan, k: int, count: int) -> str:
    name = orphan.source.name if orphan.source is not None else "a scene never saved"
    title = f" “{orphan.scene.title}”" if orphan.scene.title else ""
    which = f" ({k + 1} of {count})" if count > 1 else ""
    return (
        f"contrastive-viz did not close cleanly{which}.\n"
        f"Restore the scene{title} you were editing ({name})?\n"
        "No keeps it for the next start; Discard deletes it."
    )
