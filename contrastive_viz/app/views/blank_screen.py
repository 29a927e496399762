"""A black cover over the whole window: the "blank screen" of slide software (B or .).

It is a native child window, so it also covers the sphere's native GL window
(a plain widget would be drawn beneath it), and it follows the window's size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


class BlankScreen(QWidget):
    """Black, covering ``window`` while shown; :meth:`cover` and :meth:`hide` it.

    Parameters
    ----------
    window : QWidget
        The window to cover (its child; keys still reach the window's shortcuts).
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor("black"))
        self.setPalette(pal)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Screen blanked"))
        self.hide()
        window.installEventFilter(self)

    def cover(self) -> None:
        """Show over everything in the window and take the keyboard focus."""
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus()

    def apply_theme(self, _palette) -> None:
        """Always black, whatever the theme."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
