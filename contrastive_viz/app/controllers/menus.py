"""Menus, shortcuts and the playground's button row, wired to explicit controllers."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from ... import __version__
from ...core.presets import PRESETS
from ..views import theme
from .menu_actions import (
    MenuTargets,
    descend,
    export_coordinates,
    export_neighbors,
    fill_recent,
    open_data,
    open_data_folder,
    open_playlist,
    remove_selected,
)

ABOUT = f"""<h3>contrastive-viz {__version__}</h3>
<p>Drag unit vectors on a sphere and watch InfoNCE, SupCon, triplet and margin
losses respond; explore your own embeddings with exact PCA.</p>
<p>InfoNCE: L = −log(exp(s₊/τ) / Σₖ exp(sₖ/τ)). NT-Xent is reported as the mean over
the 2N views (lightly, pytorch-metric-learning); Google's TF code reports twice that.
SupCon is L_out without the τ/base-τ factor.</p>"""


#: The playground's button row: action name -> the button's fixed text.
BUTTONS = {
    "add": "Add Negative",
    "add_pos": "Add Positive",
    "remove": "Remove",
    "randomize": "Randomize",
    "step": "Step",
    "play": "Play / Pause",
    "undo": "Undo",
    "redo": "Redo",
}


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


def build_menus(w: MenuTargets) -> dict[str, QAction]:
    """Create every menu of ``w.window``; returns the actions by name."""
    s, files, ex, win = w.playground, w.files, w.exporter, w.window
    acts: dict[str, QAction] = {}
    bar = win.menuBar()

    # ---- File
    m = bar.addMenu("&File")
    acts["open_scene"] = _action(win, "&Open Scene…", files.open_dialog, QKeySequence.Open)
    acts["open_data"] = _action(
        win, "Open &Embeddings…", partial(open_data, w), "Ctrl+Shift+O",
        "Open .npy, .npz, CSV/TSV, Parquet, Arrow, safetensors, HDF5 or a Projector vectors.tsv",
    )  # fmt: skip
    acts["open_data_folder"] = _action(
        win, "Open Embeddings &Folder…", partial(open_data_folder, w), None,
        "Open a Hugging Face datasets folder saved with save_to_disk",
    )  # fmt: skip
    m.addActions([acts["open_scene"], acts["open_data"], acts["open_data_folder"]])
    recent = m.addMenu("Open &Recent")
    recent.aboutToShow.connect(partial(fill_recent, w, recent))
    presets = m.addMenu("&Presets")
    for name, make in PRESETS.items():
        presets.addAction(name, lambda make=make, name=name: s.load(make(), None, name))
    m.addSeparator()
    acts["save"] = _action(win, "&Save Scene", files.save, QKeySequence.Save)
    acts["save_as"] = _action(win, "Save Scene &As…", files.save_as, QKeySequence.SaveAs)
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
    export.addAction("Projected coordinates (CSV or .npy)…", partial(export_coordinates, w))
    export.addAction("Selection and neighbours as CSV…", partial(export_neighbors, w))
    acts["copy"] = _action(
        win, "&Copy Numbers", ex.copy_numbers, "Ctrl+Shift+C", "Copy the table's numbers as CSV"
    )
    m.addAction(acts["copy"])
    m.addSeparator()
    m.addAction(_action(win, "&Quit", win.close, QKeySequence.Quit))

    # ---- Edit
    m = bar.addMenu("&Edit")
    # The stack's own actions keep their text and enabled state; they run through the
    # controller, which first finishes a running edit (Ctrl+Z during a drag or play).
    acts["undo"] = s.undo_stack.createUndoAction(win, "&Undo")
    acts["undo"].triggered.disconnect()
    acts["undo"].triggered.connect(s.undo)
    acts["undo"].setShortcut(QKeySequence.Undo)
    acts["redo"] = s.undo_stack.createRedoAction(win, "&Redo")
    acts["redo"].triggered.disconnect()
    acts["redo"].triggered.connect(s.redo)
    acts["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.Redo])
    m.addActions([acts["undo"], acts["redo"]])
    m.addSeparator()
    acts["add"] = _action(
        win,
        "Add &Negative",
        lambda: s.add_vector("negative"),
        "Ctrl+N",
        "Add a negative at a random spot (double-click the sphere to place one)",
    )
    acts["add_pos"] = _action(
        win,
        "Add &Positive",
        lambda: s.add_vector("positive"),
        None,
        "Add a positive (used by SupCon)",
    )
    acts["remove"] = _action(
        win,
        "&Remove Vector",
        partial(remove_selected, w),
        "Del",
        "Remove the vector selected in the table",
    )
    acts["randomize"] = _action(
        win,
        "Randomize Ne&gatives",
        s.randomize_negatives,
        "Ctrl+R",
        "Scatter the negatives uniformly on the sphere",
    )
    m.addActions([acts["add"], acts["add_pos"], acts["remove"], acts["randomize"]])

    # ---- Run
    m = bar.addMenu("&Run")
    acts["step"] = _action(
        win, "&Step", partial(descend, w, s.step), "Ctrl+.", "Move the anchor one gradient step"
    )
    acts["play"] = _action(
        win,
        "&Play Gradient Descent",
        partial(descend, w, w.player.toggle),
        "Ctrl+Space",
        "Animate gradient descent on the anchor; again to stop",
    )
    w.player.running_changed.connect(
        lambda on: acts["play"].setText("&Pause" if on else "&Play Gradient Descent")
    )
    m.addActions([acts["step"], acts["play"]])

    # ---- View
    m = bar.addMenu("&View")
    acts["playground"] = _action(win, "&Playground", lambda: w.tabs.setCurrentIndex(0), "Ctrl+1")
    acts["explorer"] = _action(win, "&Explorer", lambda: w.tabs.setCurrentIndex(1), "Ctrl+2")
    acts["forces"] = _action(
        win,
        "Show &Forces on All Vectors",
        lambda on: setattr(w.sphere, "show_forces", on),
        "Ctrl+F",
        "Draw −gradient arrows on the positive and negatives too",
        True,
    )
    acts["present"] = _action(
        win,
        "Presentation &Mode",
        w.present.set_presenting,
        "F11",
        "Full screen, large fonts, high contrast",
        True,
    )
    w.present.presenting_changed.connect(partial(_check, acts["present"]))
    acts["playlist"] = _action(win, "Open Presentation &Playlist…", partial(open_playlist, w))
    m.addActions([acts["playground"], acts["explorer"], acts["forces"]])
    themes = m.addMenu("&Theme")
    for pal in (theme.DARK, theme.LIGHT):
        themes.addAction(pal.name.title(), partial(w.set_palette, pal))
    m.addSeparator()
    m.addActions([acts["present"], acts["playlist"]])

    # ---- Help
    m = bar.addMenu("&Help")
    m.addAction("&About contrastive-viz", lambda: QMessageBox.about(win, "About", ABOUT))

    # Fixed texts: a button that took the action's text would widen the window.
    for name, text in BUTTONS.items():
        w.add_edit_button(acts[name], text)
    for act in acts.values():
        win.addAction(act)  # shortcuts work even when the menu bar is hidden
    return acts


def _check(action: QAction, on: bool) -> None:
    with QSignalBlocker(action):  # the state changed already: no toggle back
        action.setChecked(on)
