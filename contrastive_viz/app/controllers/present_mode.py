"""Entering and leaving presentation mode, and its keys.

Presenting shows the playground full screen in the high-contrast palette, its
fonts sized for the screen, and hides the editing chrome (menu bar, status
bar, tabs, the table). Panels that matter less in a lecture hall are hidden
in turn (the loss chooser, the loss-versus-τ chart, the bounds, ...) until
the rest fits the screen: on 1024×768 the sphere, the loss and the softmax
bars stay. A caption shows the slide ("2 / 4 · One hard negative"). ``←``/``→``
and a presentation clicker's Page Up/Page Down step through the playlist,
Space plays or pauses gradient descent, B or ``.`` blanks the screen (again:
back, as does the next step; Ctrl+. stays a gradient step) and Esc leaves, restoring the window's
geometry exactly. The keys are live only while presenting, so Space, B and
``.`` still type in the editors otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QWidget,
)

from ..views import theme
from ..views.blank_screen import BlankScreen
from .player import GradientPlayer
from .presentation import Presentation

#: The sphere's share of the width while presenting.
SPHERE_SHARE = 0.58


class PresentMode(QObject):
    """Owns the presenting flag, what was shown before, the keys and the fitting.

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
    caption : QLabel
        Shows :meth:`Presentation.caption` while presenting.
    optional : sequence of sequences of QWidget
        Groups hidden, first group first, until the window fits the screen.

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
        caption: QLabel,
        optional: Sequence[Sequence[QWidget]] = (),
    ):
        super().__init__(window)
        self._window, self._chrome, self._tabs = window, list(chrome), tabs
        self._splitter, self._focus, self._set_palette = splitter, focus, set_palette
        self._presentation, self._caption = presentation, caption
        self._optional = [list(group) for group in optional]
        self._hidden: list[QWidget] = []
        self._policies: list[tuple[QWidget, QSizePolicy]] = []
        self._presenting = False
        self._split_before = QByteArray()
        self._geometry_before = QRect()
        self._palette_before = theme.DARK
        caption.hide()
        presentation.position_changed.connect(self._on_presentation_position_changed)
        #: The black cover of B and ``.`` (see :meth:`set_blank`).
        self.blank = BlankScreen(window)
        bindings = (
            ("Right", self._on_next_key_activated),
            ("Left", self._on_previous_key_activated),
            ("PgDown", self._on_next_key_activated),
            ("PgUp", self._on_previous_key_activated),
            ("Space", player.toggle),
            ("B", self._on_blank_key_activated),
            (".", self._on_blank_key_activated),
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

    @property
    def hidden_panels(self) -> list[QWidget]:
        """The optional panels hidden to fit this screen."""
        return list(self._hidden)

    @property
    def blanked(self) -> bool:
        """True while the screen is blanked (B or ``.``)."""
        return self.blank.isVisible()

    def set_blank(self, on: bool) -> None:
        """Blank the screen (``on``) or show the slide again; only while presenting."""
        if on and self._presenting:
            self.blank.cover()
        elif self.blank.isVisible():
            self.blank.hide()
            self._focus.setFocus()

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
            self._enter(w)
        else:
            self.set_blank(False)
            self._leave(w)
        self.presenting_changed.emit(on)

    def _enter(self, w: QMainWindow) -> None:
        self._palette_before = theme.palette()
        self._geometry_before = w.normalGeometry() if w.isMaximized() else w.geometry()
        self._split_before = self._splitter.saveState()
        self._tabs.setCurrentIndex(0)
        # The other tabs' pages must not widen the window: their minimum sizes are ignored.
        self._policies = []
        for i in range(1, self._tabs.count()):
            page = self._tabs.widget(i)
            self._policies.append((page, page.sizePolicy()))
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        screen = (w.screen() or w.windowHandle().screen()).geometry()
        self._set_palette(theme.presenting(screen.height()))
        self._presentation.start()
        self._caption.show()
        self._fit(screen.width(), screen.height())
        QCoreApplication.sendPostedEvents()
        w.layout().activate()  # the window's minimum size follows the fitted panels now
        w.setGeometry(screen)  # with no window manager, full screen is only a hint
        w.showFullScreen()
        width = max(screen.width(), 1)
        self._splitter.setSizes([int(width * SPHERE_SHARE), int(width * (1 - SPHERE_SHARE))])
        self._focus.setFocus()

    def _leave(self, w: QMainWindow) -> None:
        self._caption.hide()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        for page, policy in self._policies:
            page.setSizePolicy(policy)
        self._set_palette(self._palette_before)
        QCoreApplication.sendPostedEvents()
        w.layout().activate()  # the minimum size of the normal fonts, before the geometry
        w.showNormal()
        self._restore(w)
        # A window manager may apply the normal state later: restore once more then.
        QTimer.singleShot(0, lambda: self._restore(w) if not self._presenting else None)

    def _restore(self, w: QMainWindow) -> None:
        # setGeometry, not restoreGeometry: with no window manager, Qt's restoreGeometry
        # moves the window down to show a title bar that nobody draws.
        if w.geometry() != self._geometry_before:
            w.setGeometry(self._geometry_before)
        self._splitter.restoreState(self._split_before)

    def _fit(self, width: int, height: int) -> None:
        """Hide optional panels, a group at a time, until the window fits ``width`` × ``height``."""
        panels = self._splitter.widget(1)
        panels = panels.widget() if isinstance(panels, QScrollArea) else panels
        for group in self._optional:
            QCoreApplication.sendPostedEvents()  # new fonts and hidden panels: re-laid out
            need, room = self._window.minimumSizeHint(), panels.minimumSizeHint()
            fits = need.width() <= width and need.height() <= height and room.height() <= height
            if fits and room.width() <= width * (1 - SPHERE_SHARE):
                return
            for widget in group:
                if widget.isVisibleTo(self._window):
                    widget.hide()
                    self._hidden.append(widget)

    def _on_presentation_position_changed(self, _index: int, _count: int) -> None:
        self._caption.setText(self._presentation.caption())

    def _on_next_key_activated(self) -> None:
        self.set_blank(False)  # a click on a blanked screen brings the slides back
        self._presentation.next()

    def _on_previous_key_activated(self) -> None:
        self.set_blank(False)
        self._presentation.previous()

    def _on_blank_key_activated(self) -> None:
        self.set_blank(not self.blanked)

    def _on_escape_activated(self) -> None:
        self.set_presenting(False)
