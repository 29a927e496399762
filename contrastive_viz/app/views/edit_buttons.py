"""The playground's row of edit buttons: fixed texts, so the layout never follows a command.

A ``QToolButton`` with a default action shows the action's text; the Undo and
Redo actions of a ``QUndoStack`` take the text of the last command ("Undo Drag
n2"), and the window would widen with every new command. Here each button has
a fixed text (the action's full text is its tooltip), and the row is a
``QToolBar``, whose buttons that do not fit go behind its extension arrow
instead of widening the window.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSizePolicy, QToolBar, QToolButton, QWidget
from shiboken6 import isValid

from . import theme


class EditButtons(QToolBar):
    """Buttons that trigger menu actions but keep their own short texts.

    Parameters
    ----------
    parent : QWidget, optional

    Attributes
    ----------
    buttons : dict of str to QToolButton
        By their (fixed) text.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(0, 0))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.buttons: dict[str, QToolButton] = {}

    def add(self, action: QAction, text: str | None = None) -> QToolButton:
        """A button for ``action`` that always reads ``text`` (default: the action's
        text now, without its ``&``); enabled, checked and tooltip follow the action."""
        label = text if text is not None else action.text().replace("&", "")
        button = QToolButton()
        button.setText(label)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setCheckable(action.isCheckable())
        button.clicked.connect(action.trigger)
        action.changed.connect(partial(self._on_action_changed, action, button))
        self._on_action_changed(action, button)
        self.addWidget(button)
        self.buttons[label] = button
        return button

    @staticmethod
    def _on_action_changed(action: QAction, button: QToolButton) -> None:
        if not (isValid(action) and isValid(button)):  # emitted while the window is destroyed
            return
        button.setEnabled(action.isEnabled())
        if action.isCheckable():
            button.setChecked(action.isChecked())
        tip = action.toolTip() if action.toolTip() != action.iconText() else ""
        text = action.text().replace("&", "")
        button.setToolTip(tip if tip and text in tip else f"{text}\n{tip}".strip())

    def apply_theme(self, palette: theme.Palette) -> None:
        """Nothing to restyle: the application's palette and font apply."""
