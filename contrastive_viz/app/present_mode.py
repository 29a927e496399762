"""Entering and leaving presentation mode, and its keys.

Presenting shows the playground full screen in the high-contrast palette and
hides the editing chrome (menu bar, status bar, tabs, the table). ``←``/``→``
step through the playlist, Space plays or pauses gradient descent and Esc
leaves. The keys are live only while presenting, so Space still types
spaces in the editors otherwise.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut

from .views import theme

_previous_palette: dict[int, theme.Palette] = {}


def set_presenting(w, on: bool) -> None:
    """Enter (``on``) or leave presentation mode on main window ``w``."""
    if on == is_presenting(w):
        return
    w._presenting = on
    for widget in (w.menuBar(), w.statusBar(), w.lower_panel):
        widget.setVisible(not on)
    w.tabs.tabBar().setVisible(not on)
    for key in w._present_keys:
        key.setEnabled(on)
    if on:
        _previous_palette[id(w)] = theme.palette()
        w.tabs.setCurrentIndex(0)
        w._split_before = w.main_split.saveState()
        w.set_palette(theme.PRESENT)
        w.showFullScreen()
        width = max(w.width(), 1)
        w.main_split.setSizes([int(width * 0.58), int(width * 0.42)])  # the sphere leads
        w.sphere.setFocus()  # editors would swallow the arrow keys and Space
    else:
        w.set_palette(_previous_palette.pop(id(w), theme.DARK))
        w.showNormal()
        w.main_split.restoreState(w._split_before)
    act = w.actions_by_name.get("present") if hasattr(w, "actions_by_name") else None
    if act is not None and act.isChecked() != on:
        act.setChecked(on)


def is_presenting(w) -> bool:
    return getattr(w, "_presenting", False)


def install_keys(w) -> None:
    """Create the presentation shortcuts (disabled until presenting)."""
    bindings = (
        ("Right", w.presentation.next),
        ("Left", w.presentation.previous),
        ("Space", w.player.toggle),
        ("Esc", lambda: set_presenting(w, False)),
    )
    w._present_keys = []
    for key, slot in bindings:
        shortcut = QShortcut(QKeySequence(key), w)
        shortcut.activated.connect(slot)
        shortcut.setEnabled(False)
        w._present_keys.append(shortcut)
