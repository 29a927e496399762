"""A frameless scroll area for panels: they scroll rather than grow the window past the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
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
        # Not widgetResizable: that makes a widget with wrapped text as tall as it
        # would like to be; here it fills the view and only scrolls below its minimum.
        self.setWidgetResizable(False)
        widget.installEventFilter(self)
        self.setFrameShape(QFrame.Shape.NoFrame)
        if not sideways:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # Qt override
        if self._sideways:
            return QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(self.widget().minimumSizeHint().width() + bar, 0)

    def _fit_widget(self) -> None:
        inner, view = self.widget(), self.viewport().size()
        need = inner.minimumSizeHint().expandedTo(inner.minimumSize())
        width = max(view.width(), need.width()) if self._sideways else view.width()
        inner.resize(width, max(view.height(), need.height()))

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit_widget()

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_widget()
        return super().eventFilter(obj, event)

    def apply_theme(self, _palette) -> None:
        """Nothing to restyle."""
