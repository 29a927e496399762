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
- a tip under the pointer takes the pointer from the view (the view gets a
  ``Leave``, and Qt hides every tooltip on a ``Leave``), as when the pointer
  jumps onto the tip it just showed. The tip is placed beside the pointer,
  and when the pointer lands on it anyway :attr:`PointTip.covered` asks the
  view to describe the point under the pointer again (the tip then moves
  beside the pointer).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

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

    Signals
    -------
    covered()
        The pointer went from ``widget`` onto the tip, or from the tip (moved
        away) back onto ``widget``; Qt has started hiding the tip: describe the
        point under the pointer again (call :meth:`show` or :meth:`hide`).
    """

    covered = Signal()

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self._widget = widget
        self._salt = False
        self._hiding = False  # hideText was called and Qt's fade may still be pending
        self._text = ""  # the text last shown
        widget.installEventFilter(self)

    @property
    def shown(self) -> bool:
        """Whether this tip is what the tooltip shows now."""
        return QToolTip.isVisible() and not self._hiding and QToolTip.text() == self._text

    def show(self, pointer: QPoint, text: str) -> None:
        """Show ``text`` beside global position ``pointer`` (until :meth:`hide`)."""
        shown = text + (_SALT if self._salt else "")
        if self._hiding and QToolTip.isVisible() and QToolTip.text() == shown:
            self._salt = not self._salt
            shown = text + (_SALT if self._salt else "")
        self._hiding, self._text = False, shown
        QToolTip.showText(pointer + OFFSET, shown, self._widget)

    def hide(self) -> None:
        """Hide the tip (Qt fades it out)."""
        if QToolTip.isVisible():
            self._hiding = True
        QToolTip.hideText()

    def pointer_on_tip(self) -> bool:
        """Whether the pointer is over the tooltip (Qt's tip label) now."""
        under = QApplication.widgetAt(QCursor.pos())
        return under is not None and under.objectName() == "qtooltip_label"

    def left_for_tip(self) -> bool:
        """Call on the view's ``Leave``: True (and ``covered`` emitted) if the pointer
        went onto the tip, whose hide Qt has then started."""
        if not self.shown or not self.pointer_on_tip():
            return False
        self._hiding = True
        self.covered.emit()
        return True

    def entered(self) -> None:
        """Call on the view's ``Enter``: the pointer may come back from the tip (moved
        away from under it), whose ``Leave`` made Qt start hiding it: describe again."""
        if self.shown:
            self._hiding = True
            self.covered.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the widget's own tooltip requests (they would hide the point's tip);
        notice the pointer moving onto the tip and back."""
        if watched is self._widget and event.type() == QEvent.Type.Leave:
            self.left_for_tip()
        elif watched is self._widget and event.type() == QEvent.Type.Enter:
            self.entered()
        return watched is self._widget and event.type() == QEvent.Type.ToolTip
