"""A frameless scroll area for panels: they scroll rather than grow the window past the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class PanelScroll(QScrollArea):
    """``widget`` in a frameless scroll area.

    Vertical only (the default): the area is as wide as the widget's minimum
    width (which follows its fonts) and scrolls vertically. ``sideways``: it
    scrolls both ways and asks for no minimum size at all.

    Parameters
    ----------
    widget : QWidget
    sideways : bool
    """

    def __init__(self, widget: QWidget, sideways: bool = False):
        super().__init__()
        self._sideways = sideways
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        if not sideways:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # Qt override
        if self._sideways:
            return QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(self.widget().minimumSizeHint().width() + bar, 0)

    def apply_theme(self, _palette) -> None:
        """Nothing to restyle."""
