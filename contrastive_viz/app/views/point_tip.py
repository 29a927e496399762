"""A point's description as a tooltip that stays while the mouse rests on the point.

The explorer's scatters show a :class:`QToolTip` for the point under the
mouse. Used naively it vanished at once, for three reasons that
:class:`PointTip` handles in one place:

- in an active window, Qt sends ``QEvent.ToolTip`` to the widget under a
  resting mouse; a ``QGraphicsView`` passes it to its scene, whose
  ``helpEvent`` finds no item tooltip and hides every tooltip. The tip's
  widget swallows that event;
- ``QToolTip.hideText`` hides only after a 300 ms fade timer, and a
  ``showText`` with the same text meanwhile is ignored, so a mouse that left
  a point and came back to it lost the tip. The text is then made to differ
  by an invisible zero-width space, which restarts the tip;
- a tip drawn under the pointer takes the pointer from the view (the view
  gets a ``Leave``): the tip is placed beside the pointer, not under it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QToolTip, QWidget

__all__ = ["PointTip"]

#: Added to the pointer's global position (Qt then adds about (2, 16)).
OFFSET = QPoint(14, 4)
_SALT = "\u200b"  # zero-width space: a different text that looks the same


class PointTip(QObject):
    """Show and hide the tooltip of the point under the mouse over ``widget``.

    Parameters
    ----------
    widget : QWidget
        The widget the tip belongs to (a graphics view's viewport, or a GL
        window's container); its own ``QEvent.ToolTip`` events are swallowed.
    """

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self._widget = widget
        self._salt = False
        self._hiding = False  # hideText was called and Qt's fade may still be pending
        widget.installEventFilter(self)

    @property
    def shown(self) -> bool:
        """Whether this tip is what the tooltip shows now."""
        return QToolTip.isVisible() and not self._hiding

    def show(self, pointer: QPoint, text: str) -> None:
        """Show ``text`` beside global position ``pointer`` (until :meth:`hide`)."""
        shown = text + (_SALT if self._salt else "")
        if self._hiding and QToolTip.isVisible() and QToolTip.text() == shown:
            self._salt = not self._salt
            shown = text + (_SALT if self._salt else "")
        self._hiding = False
        QToolTip.showText(pointer + OFFSET, shown, self._widget)

    def hide(self) -> None:
        """Hide the tip (Qt fades it out)."""
        if QToolTip.isVisible():
            self._hiding = True
        QToolTip.hideText()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the widget's own tooltip requests (they would hide the point's tip)."""
        return watched is self._widget and event.type() == QEvent.Type.ToolTip
