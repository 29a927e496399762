"""The main window's title and its saved geometry, splitter and theme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRect, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter
from shiboken6 import isValid

from ..views import theme
from .playground import PlaygroundController


class WindowTitle(QObject):
    """Keeps the title as ``name[ *] — contrastive-viz`` (``*``: unsaved edits).

    Parameters
    ----------
    window : QMainWindow
    playground : PlaygroundController
        Its file, scene title and undo stack's clean state make the title.
    """

    def __init__(self, window: QMainWindow, playground: PlaygroundController):
        super().__init__(window)
        self._window, self._pg = window, playground
        playground.undo_stack.cleanChanged.connect(self._on_undo_clean_changed)
        playground.model.structure_changed.connect(self._on_model_changed)
        playground.model.path_changed.connect(self._on_model_changed)
        self.update()

    def update(self) -> None:
        """Recompute the title now."""
        stack, model = self._pg.undo_stack, self._pg.model
        if not (isValid(stack) and isValid(self._window)):  # emitted while destroyed
            return
        name = model.path.name if model.path else model.scene.title or "untitled"
        dirty = "" if stack.isClean() else " *"
        self._window.setWindowTitle(f"{name}{dirty} — contrastive-viz")

    def _on_undo_clean_changed(self, _clean: bool) -> None:
        self.update()

    def _on_model_changed(self, *_args) -> None:
        self.update()


#: The window's size at the first launch (then at most the screen's).
FIRST_SIZE = (1280, 800)


def save_window(window: QMainWindow, splitter: QSplitter) -> None:
    """Remember geometry (unless full screen), the splitter and the theme in QSettings."""
    settings = QSettings()
    if not window.isFullScreen():
        settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/split", splitter.saveState())
    name = theme.palette().name
    settings.setValue("theme", name if name != "present" else "dark")


def restore_window(
    window: QMainWindow, splitter: QSplitter, set_palette: Callable[[theme.Palette], None]
) -> None:
    """Restore what :func:`save_window` saved (the dark theme by default)."""
    settings = QSettings()
    geometry = settings.value("window/geometry")
    if geometry is None:
        window.resize(*FIRST_SIZE)
    else:
        window.restoreGeometry(geometry)
    fit_to_screen(window)
    split = settings.value("window/split")
    if split is not None:
        splitter.restoreState(split)
    set_palette(theme.PALETTES.get(str(settings.value("theme", "dark")), theme.DARK))
    FitAtStart(window)


def clamp_to_screen(rect: QRect, screen: QRect) -> QRect:
    """``rect`` shrunk to fit ``screen`` and moved inside it."""
    w, h = min(rect.width(), screen.width()), min(rect.height(), screen.height())
    x = min(max(rect.x(), screen.x()), screen.right() + 1 - w)
    y = min(max(rect.y(), screen.y()), screen.bottom() + 1 - h)
    return QRect(x, y, w, h)


def fit_to_screen(window: QMainWindow) -> None:
    """Keep ``window`` (its frame, when a window manager draws one) inside the
    available area of its screen, e.g. after restoring a geometry saved on a
    larger screen."""
    screen = window.screen()
    if screen is None:
        return
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    fitted = clamp_to_screen(frame, screen.availableGeometry())
    window.resize(max(1, fitted.width() - extra_w), max(1, fitted.height() - extra_h))
    window.move(fitted.topLeft())


class FitAtStart(QObject):
    """Keeps a new window's frame on its screen once the window manager has framed it.

    Before the window is shown its frame is unknown; a window manager adds
    its title bar later, which can push the frame past the screen's edge.
    For :data:`FIT_MS` after the first show, a move or resize that leaves the
    frame outside the available area fits it again (never later: the user may
    then put the window where they like).
    """

    FIT_MS = 5000

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window, self._clock = window, QElapsedTimer()
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # Qt override
        kind = event.type()
        if kind == QEvent.Type.Show and not self._clock.isValid():
            self._clock.start()
        elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and self._clock.isValid():
            w = self._window
            if self._clock.elapsed() > self.FIT_MS:
                w.removeEventFilter(self)
            elif not (w.isFullScreen() or w.isMaximized()) and w.screen() is not None:
                if not w.screen().availableGeometry().contains(w.frameGeometry()):
                    fit_to_screen(w)
        return False
