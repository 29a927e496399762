"""Menus, shortcuts and the playground's button row, wired to the controllers."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import __version__
from ..core.presets import PRESETS
from . import present_mode
from .views import theme

ABOUT = f"""<h3>contrastive-viz {__version__}</h3>
<p>Drag unit vectors on a sphere and watch InfoNCE, SupCon, triplet and margin
losses respond; explore your own embeddings with exact PCA.</p>
<p>InfoNCE: L = −log(exp(s₊/τ) / Σₖ exp(sₖ/τ)). NT-Xent is reported as the mean over
the 2N views (lightly, pytorch-metric-learning); Google's TF code reports twice that.
SupCon is L_out without the τ/base-τ factor.</p>"""


def _action(window, text, slot, shortcut=None, tip=None, checkable=False) -> QAction:
    act = QAction(text, window)
    if shortcut:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    act.setCheckable(checkable)
    (act.toggled if checkable else act.triggered).connect(slot)
    return act


def build_menus(w) -> dict[str, QAction]:
    """Create every menu of the main window ``w``; returns the actions by name."""
    s, files, ex = w.state, w.files, w.exporter
    acts: dict[str, QAction] = {}
    bar = w.menuBar()

    # ---- File
    m = bar.addMenu("&File")
    acts["open_scene"] = _action(w, "&Open Scene…", files.open_dialog, QKeySequence.Open)
    acts["open_data"] = _action(
        w, "Open &Embeddings…", partial(_open_data, w), "Ctrl+Shift+O",
        "Open .npy, .npz, .csv, .tsv, .txt, .parquet or a Projector vectors.tsv",
    )  # fmt: skip
    m.addActions([acts["open_scene"], acts["open_data"]])
    recent = m.addMenu("Open &Recent")
    recent.aboutToShow.connect(partial(_fill_recent, w, recent))
    presets = m.addMenu("&Presets")
    for name, make in PRESETS.items():
        presets.addAction(name, lambda make=make, name=name: s.load(make(), None, name))
    m.addSeparator()
    acts["save"] = _action(w, "&Save Scene", files.save, QKeySequence.Save)
    acts["save_as"] = _action(w, "Save Scene &As…", files.save_as, QKeySequence.SaveAs)
    m.addActions([acts["save"], acts["save_as"]])
    export = m.addMenu("&Export")
    export.addAction("Window as PNG…", lambda: ex.png(None))
    export.addAction("Sphere as PNG…", lambda: ex.png(w.sphere, "sphere.png"))
    export.addAction("Probabilities as PNG…", lambda: ex.png(w.bars, "probabilities.png"))
    export.addAction("Loss curve as PNG…", lambda: ex.png(w.curve, "loss-curve.png"))
    export.addAction("Explorer view as PNG…", lambda: ex.png(w.explorer_view, "explorer.png"))
    export.addSeparator()
    export.addAction("Numbers as CSV…", lambda: ex.numbers("csv"))
    export.addAction("Numbers as JSON…", lambda: ex.numbers("json"))
    export.addSeparator()
    export.addAction("Projected coordinates (CSV or .npy)…", partial(_export_coordinates, w))
    export.addAction("Selection and neighbours as CSV…", partial(_export_neighbors, w))
    acts["copy"] = _action(
        w, "&Copy Numbers", ex.copy_numbers, "Ctrl+Shift+C", "Copy the table's numbers as CSV"
    )
    m.addAction(acts["copy"])
    m.addSeparator()
    m.addAction(_action(w, "&Quit", w.close, QKeySequence.Quit))

    # ---- Edit
    m = bar.addMenu("&Edit")
    acts["undo"] = s.undo_stack.createUndoAction(w, "&Undo")
    acts["undo"].setShortcut(QKeySequence.Undo)
    acts["redo"] = s.undo_stack.createRedoAction(w, "&Redo")
    acts["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
    m.addActions([acts["undo"], acts["redo"]])
    m.addSeparator()
    acts["add"] = _action(
        w,
        "Add &Negative",
        lambda: s.add_vector("negative"),
        "Ctrl+N",
        "Add a negative at a random spot (double-click the sphere to place one)",
    )
    acts["add_pos"] = _action(
        w,
        "Add &Positive",
        lambda: s.add_vector("positive"),
        None,
        "Add a positive (used by SupCon)",
    )
    acts["remove"] = _action(
        w, "&Remove Vector", partial(_remove, w), "Del", "Remove the vector selected in the table"
    )
    acts["randomize"] = _action(
        w,
        "Randomize Ne&gatives",
        s.randomize_negatives,
        "Ctrl+R",
        "Scatter the negatives uniformly on the sphere",
    )
    m.addActions([acts["add"], acts["add_pos"], acts["remove"], acts["randomize"]])

    # ---- Run
    m = bar.addMenu("&Run")
    acts["step"] = _action(
        w, "&Step", partial(_descend, w, s.step), "Ctrl+.", "Move the anchor one gradient step"
    )
    acts["play"] = _action(
        w,
        "&Play Gradient Descent",
        partial(_descend, w, w.player.toggle),
        "Ctrl+Space",
        "Animate gradient descent on the anchor; again to stop",
    )
    w.player.running_changed.connect(
        lambda on: acts["play"].setText("&Pause" if on else "&Play Gradient Descent")
    )
    m.addActions([acts["step"], acts["play"]])

    # ---- View
    m = bar.addMenu("&View")
    acts["playground"] = _action(w, "&Playground", lambda: w.tabs.setCurrentIndex(0), "Ctrl+1")
    acts["explorer"] = _action(w, "&Explorer", lambda: w.tabs.setCurrentIndex(1), "Ctrl+2")
    acts["forces"] = _action(
        w,
        "Show &Forces on All Vectors",
        lambda on: setattr(w.sphere, "show_forces", on),
        "Ctrl+F",
        "Draw −gradient arrows on the positive and negatives too",
        True,
    )
    acts["present"] = _action(
        w,
        "Presentation &Mode",
        partial(present_mode.set_presenting, w),
        "F11",
        "Full screen, large fonts, high contrast",
        True,
    )
    acts["playlist"] = _action(w, "Open Presentation &Playlist…", partial(_open_playlist, w))
    m.addActions([acts["playground"], acts["explorer"], acts["forces"]])
    themes = m.addMenu("&Theme")
    for pal in (theme.DARK, theme.LIGHT):
        themes.addAction(pal.name.title(), partial(w.set_palette, pal))
    m.addSeparator()
    m.addActions([acts["present"], acts["playlist"]])
    present_mode.install_keys(w)

    # ---- Help
    m = bar.addMenu("&Help")
    m.addAction("&About contrastive-viz", lambda: QMessageBox.about(w, "About", ABOUT))

    for name in ("add", "add_pos", "remove", "randomize", "step", "play", "undo", "redo"):
        w.add_edit_button(acts[name])
    for act in acts.values():
        w.addAction(act)  # shortcuts work even when the menu bar is hidden
    return acts


def _descend(w, run) -> None:
    if w.state.evaluation.original and not w.player.running:
        d = w.state.evaluation.dimension
        w.show_message(
            f"Step and Play move the sphere's 3-D vectors; this scene's numbers live in {d}-D. "
            "Drag a vector (or open a preset) to work on the sphere."
        )
        return
    run()


def _open_data(w) -> None:
    filt = "Embeddings (*.npy *.npz *.csv *.tsv *.txt *.parquet);;All files (*)"
    path, _ = QFileDialog.getOpenFileName(w, "Open embeddings", "", filt)
    if path:
        w.open_paths([Path(path)])


def _fill_recent(w, menu) -> None:
    menu.clear()
    paths = w.files.recent.paths()
    for p in paths:
        menu.addAction(p, partial(_open_recent, w, p))
    if not paths:
        menu.addAction("(none)").setEnabled(False)


def _open_recent(w, path: str) -> None:
    if not Path(path).exists():
        w.files.recent.remove(path)
        w.show_message(f"{path} no longer exists; removed from the recent files")
        return
    w.open_paths([Path(path)])


def _remove(w) -> None:
    row = w.table.selected_row()
    row = w.state.selected if row is None else row
    if row is None:
        w.show_message("Select a vector in the table (or click its tip) to remove it")
        return
    error = w.state.remove_vector(row)
    if error:
        w.show_message(f"Cannot remove it: {error}")


def _export_coordinates(w) -> None:
    from .controllers.explorer_exports import export_coordinates

    if w.explorer.data.projection is None:
        w.show_message("Open an embedding file first")
        return
    filt = "CSV with labels (*.csv);;NumPy array (*.npy)"
    path, _ = QFileDialog.getSaveFileName(w, "Export coordinates", "coordinates.csv", filt)
    if not path:
        return
    try:
        count = export_coordinates(w.explorer, path)
    except OSError as exc:
        QMessageBox.critical(w, "Cannot export coordinates", str(exc))
        return
    w.show_message(f"Exported {count:,} points to {Path(path).name}")


def _export_neighbors(w) -> None:
    from .controllers.explorer_exports import export_neighbors_csv

    if w.explorer.selection.selected is None:
        w.show_message("Select a point in the explorer first")
        return
    path, _ = QFileDialog.getSaveFileName(w, "Export neighbours", "neighbours.csv", "*.csv")
    if not path:
        return
    try:
        export_neighbors_csv(w.explorer, path)
    except OSError as exc:
        QMessageBox.critical(w, "Cannot export neighbours", str(exc))
        return
    w.show_message(f"Exported {Path(path).name}")


def _open_playlist(w) -> None:
    from .presentation import read_playlist

    path = QFileDialog.getExistingDirectory(w, "Folder of scenes for the presentation")
    if not path:
        filt = "Playlists (*.txt *.json);;All files (*)"
        title = "Or a playlist file (one scene per line)"
        path, _ = QFileDialog.getOpenFileName(w, title, "", filt)
    if not path:
        return
    try:
        w.presentation.set_playlist(read_playlist(path))
    except ValueError as exc:
        QMessageBox.critical(w, "Cannot use this playlist", str(exc))
        return
    w.show_message("Playlist loaded: press F11, then ← and → to step through it")
