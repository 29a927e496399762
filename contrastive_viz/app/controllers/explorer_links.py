"""The explorer's links to the rest of the window: opening paths, sending a scene to the
playground, recent files, and the dialogs for errors and invalid rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QTabWidget, QWidget

from .dataset_choice import open_embeddings
from .explorer import ExplorerController
from .playground import PlaygroundController
from .scene_files import SceneFiles

PLAYGROUND_TAB, EXPLORER_TAB = 0, 1


class ExplorerLinks(QObject):
    """Wires the explorer controller to the playground, the scene files and the tabs.

    Parameters
    ----------
    window : QWidget
        Parent of the dialogs.
    explorer : ExplorerController
    playground : PlaygroundController
    files : SceneFiles
        Scene files, the recent-files list, and whether dialogs may be shown.
    tabs : QTabWidget
        Playground and explorer.
    show_message : callable
        The status bar.
    """

    def __init__(
        self,
        window: QWidget,
        explorer: ExplorerController,
        playground: PlaygroundController,
        files: SceneFiles,
        tabs: QTabWidget,
        show_message,
    ) -> None:
        super().__init__(window)
        self._window, self._explorer, self._playground = window, explorer, playground
        self._files, self._tabs, self._show = files, tabs, show_message
        explorer.scene_requested.connect(self._on_explorer_scene_requested)
        explorer.model.data.dataset_changed.connect(self._on_data_dataset_changed)
        explorer.error.connect(self.show_error)
        explorer.invalid_rows.connect(self._on_explorer_invalid_rows)

    def open_paths(self, paths: list[Path]) -> None:
        """Open scene files (.json) in the playground, anything else (files, a Hugging
        Face datasets folder) in the explorer, asking which array holds the vectors."""
        for p in paths:
            if Path(p).suffix.lower() == ".json":
                self._files.open(p)
            else:
                parent = self._window if self._files.interactive else None
                if open_embeddings(self._explorer, p, parent) is not None:
                    self._tabs.setCurrentIndex(EXPLORER_TAB)

    def _on_explorer_scene_requested(self, scene) -> None:
        scene = replace(scene, temperature=self._playground.scene.temperature)
        self._playground.load(scene, None, "Send from explorer")
        self._tabs.setCurrentIndex(PLAYGROUND_TAB)
        dimension = self._playground.evaluation.dimension
        self._show(f"Every number is computed in the original {dimension}-D space")

    def _on_data_dataset_changed(self, ds) -> None:
        if ds is not None and Path(ds.path).exists():  # a file or folder, not the demo
            self._files.recent.add(ds.path)

    def show_error(self, title: str, text: str) -> None:
        """A failure in the explorer: the status bar, and a dialog when interactive."""
        self._show(text)
        if self._files.interactive:
            QMessageBox.critical(self._window, title, text)

    def _on_explorer_invalid_rows(self, text: str, path, metadata, count: int) -> None:
        self._show(text)
        if not self._files.interactive:
            return
        box = QMessageBox(QMessageBox.Warning, "Invalid rows", text, parent=self._window)
        rows = "row" if count == 1 else "rows"
        drop = box.addButton(f"Drop {count:,} invalid {rows} and open", QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setInformativeText("The data shown now stays until the file has loaded.")
        box.exec()
        if box.clickedButton() is drop:  # the same file, metadata and key
            self._explorer.loader.reopen_dropping_invalid()
