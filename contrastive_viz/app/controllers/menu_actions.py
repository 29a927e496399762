"""What the menu actions do, and the explicit collaborators they act on.

:class:`MenuTargets` names every object the menus reach (controllers, views
for PNG export, the explorer); :mod:`.menus` places the actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget, QWidget

from ..models.explorer import ExplorerModel
from .exporter import Exporter
from .player import GradientPlayer
from .playground import PlaygroundController
from .present_mode import PresentMode
from .presentation import Presentation
from .scene_files import SceneFiles


@dataclass(frozen=True)
class MenuTargets:
    """Everything the menus act on, passed explicitly.

    Attributes
    ----------
    window : QMainWindow
        Parent of dialogs; holds the menu bar and the shortcuts.
    playground, files, exporter, player, presentation, present
        The playground's controllers.
    sphere, bars, curve : QWidget
        Views exported as PNG (the sphere also draws the forces).
    tabs : QTabWidget
        Playground (0) and explorer (1).
    explorer, explorer_view
        The explorer's model and view.
    open_paths, show_message, set_palette, add_edit_button : callable
        The window's services.
    """

    window: QMainWindow
    playground: PlaygroundController
    files: SceneFiles
    exporter: Exporter
    player: GradientPlayer
    presentation: Presentation
    present: PresentMode
    sphere: QWidget
    bars: QWidget
    curve: QWidget
    tabs: QTabWidget
    explorer: ExplorerModel
    explorer_view: QWidget
    open_paths: Callable
    show_message: Callable
    set_palette: Callable
    add_edit_button: Callable


def descend(w: MenuTargets, run) -> None:
    """Run ``run`` (a step or play), unless the numbers live in the original space."""
    if w.playground.evaluation.original and not w.player.running:
        d = w.playground.evaluation.dimension
        w.show_message(
            f"Step and Play move the sphere's 3-D vectors; this scene's numbers live in {d}-D. "
            "Drag a vector (or open a preset) to work on the sphere."
        )
        return
    run()


def open_data(w: MenuTargets) -> None:
    from .dataset_choice import EMBEDDING_FILTER

    path, _ = QFileDialog.getOpenFileName(w.window, "Open embeddings", "", EMBEDDING_FILTER)
    if path:
        w.open_paths([Path(path)])


def open_data_folder(w: MenuTargets) -> None:
    """A Hugging Face ``datasets`` folder (``save_to_disk``) in the explorer."""
    title = "Open a Hugging Face datasets folder (with state.json)"
    path = QFileDialog.getExistingDirectory(w.window, title)
    if path:
        w.open_paths([Path(path)])


def fill_recent(w: MenuTargets, menu) -> None:
    menu.clear()
    paths = w.files.recent.paths()
    for p in paths:
        menu.addAction(p, partial(open_recent, w, p))
    if not paths:
        menu.addAction("(none)").setEnabled(False)


def open_recent(w: MenuTargets, path: str) -> None:
    if not Path(path).exists():
        w.files.recent.remove(path)
        w.show_message(f"{path} no longer exists; removed from the recent files")
        return
    w.open_paths([Path(path)])


def remove_selected(w: MenuTargets) -> None:
    row = w.playground.model.selected  # the table's current row and the sphere's ring
    if row is None:
        w.show_message("Select a vector in the table (or click its tip) to remove it")
        return
    error = w.playground.remove_vector(row)
    if error:
        w.show_message(f"Cannot remove it: {error}")


def export_coordinates(w: MenuTargets) -> None:
    from .explorer_exports import export_coordinates as write

    if w.explorer.data.projection is None:
        w.show_message("Open an embedding file first")
        return
    filt = "CSV with labels (*.csv);;NumPy array (*.npy)"
    path, _ = QFileDialog.getSaveFileName(w.window, "Export coordinates", "coordinates.csv", filt)
    if not path:
        return
    try:
        count = write(w.explorer, path)
    except OSError as exc:
        QMessageBox.critical(w.window, "Cannot export coordinates", str(exc))
        return
    w.show_message(f"Exported {count:,} points to {Path(path).name}")


def export_neighbors(w: MenuTargets) -> None:
    from .explorer_exports import export_neighbors_csv

    if w.explorer.selection.selected is None:
        w.show_message("Select a point in the explorer first")
        return
    path, _ = QFileDialog.getSaveFileName(w.window, "Export neighbours", "neighbours.csv", "*.csv")
    if not path:
        return
    try:
        export_neighbors_csv(w.explorer, path)
    except OSError as exc:
        QMessageBox.critical(w.window, "Cannot export neighbours", str(exc))
        return
    w.show_message(f"Exported {Path(path).name}")


def open_playlist(w: MenuTargets) -> None:
    from .presentation import read_playlist

    path = QFileDialog.getExistingDirectory(w.window, "Folder of scenes for the presentation")
    if not path:
        filt = "Playlists (*.txt *.json);;All files (*)"
        title = "Or a playlist file (one scene per line)"
        path, _ = QFileDialog.getOpenFileName(w.window, title, "", filt)
    if not path:
        return
    try:
        w.presentation.set_playlist(read_playlist(path))
    except ValueError as exc:
        QMessageBox.critical(w.window, "Cannot use this playlist", str(exc))
        return
    w.show_message("Playlist loaded: press F11, then ← and → to step through it")
