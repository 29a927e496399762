"""Entering and leaving presentation mode, and its keys.

Presenting shows the playground full screen in the high-contrast palette and
hides the editing chrome (menu bar, status bar, tabs, the table). ``←``/``→``
step through the playlist, Space plays or pauses gradient descent and Esc
leaves. The keys are live only while presenting, so Space still types
spaces in the editors otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from ..views import theme
from .player import GradientPlayer
from .presentation import Presentation

#: The sphere's share of the width while presenting.
SPHERE_SHARE = 0.58


class PresentMode(QObject):
    """Owns the presenting flag, the saved splitter state, the keys and the palette before.

    Parameters
    ----------
    window : QMainWindow
        Shown full screen while presenting; the keys live on it.
    chrome : sequence of QWidget
        Hidden while presenting (menu bar, status bar, the table's panel).
    tabs : QTabWidget
        Its tab bar is hidden and the playground's tab (0) shown.
    splitter : QSplitter
        Playground | panels; its state is restored on leaving.
    focus : QWidget
        Takes the keyboard focus (the sphere: editors would swallow the arrow keys).
    set_palette : callable
        ``set_palette(theme.Palette)`` restyles every view.
    presentation : Presentation
    player : GradientPlayer

    Signals
    -------
    presenting_changed(bool)
    """

    presenting_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        *,
        chrome: Sequence[QWidget],
        tabs: QTabWidget,
        splitter: QSplitter,
        focus: QWidget,
        set_palette: Callable[[theme.Palette], None],
        presentation: Presentation,
        player: GradientPlayer,
    ):
        super().__init__(window)
        self._window, self._chrome, self._tabs = window, list(chrome), tabs
        self._splitter, self._focus, self._set_palette = splitter, focus, set_palette
        self._presenting = False
        self._split_before = QByteArray()
        self._palette_before = theme.DARK
        bindings = (
            ("Right", presentation.next),
            ("Left", presentation.previous),
            ("Space", player.toggle),
            ("Esc", self._on_escape_activated),
        )
        self.keys: list[QShortcut] = []
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.activated.connect(slot)
            shortcut.setEnabled(False)
            self.keys.append(shortcut)

    @property
    def presenting(self) -> bool:
        """True while presenting."""
        return self._presenting

    def set_presenting(self, on: bool) -> None:
        """Enter (``on``) or leave presentation mode."""
        on = bool(on)
        if on == self._presenting:
            return
        self._presenting = on
        w = self._window
        for widget in self._chrome:
            widget.setVisible(not on)
        self._tabs.tabBar().setVisible(not on)
        for key in self.keys:
            key.setEnabled(on)
        if on:
            self._palette_before = theme.palette()
            self._tabs.setCurrentIndex(0)
            self._split_before = self._splitter.saveState()
            self._set_palette(theme.PRESENT)
            w.showFullScreen()
            width = max(w.width(), 1)
            self._splitter.setSizes([int(width * SPHERE_SHARE), int(width * (1 - SPHERE_SHARE))])
            self._focus.setFocus()
        else:
            self._set_palette(self._palette_before)
            w.showNormal()
            self._splitter.restoreState(self._split_before)
        self.presenting_changed.emit(on)

    def _on_escape_activated(self) -> None:
        self.set_presenting(False)
