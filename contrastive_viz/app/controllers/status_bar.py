"""The status bar: a hint for the tab in view, passing messages, and refusals that clear.

A hint is a permanent label (a passing message covers it for a while, then it
shows again); each tab has its own. A refusal ("τ = abc is not a number")
stays until its timeout or until its source reports a value it accepted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar, QTabWidget

#: How long a passing message stays (ms).
MESSAGE_MS = 6000
#: The hint of each tab, in tab order.
HINTS = (
    "Drag a tip on the sphere; τ sets how sharp the softmax is",
    "Hover a point for its label; click it for its nearest neighbours, then Send to playground",
)


class StatusMessages(QObject):
    """Hints per tab, passing messages and refusals in one status bar.

    Parameters
    ----------
    bar : QStatusBar
    tabs : QTabWidget
        Its current tab chooses the hint (:data:`HINTS`).
    """

    def __init__(self, bar: QStatusBar, tabs: QTabWidget):
        super().__init__(bar)
        self._bar = bar
        self._refusals: dict[str, str] = {}
        self.hint = QLabel()
        bar.addWidget(self.hint, 1)
        tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._on_tabs_current_changed(tabs.currentIndex())

    def show(self, text: str) -> None:
        """A passing message."""
        self._bar.showMessage(text, MESSAGE_MS)

    def refuse(self, source: str, text: str) -> None:
        """A refused value from ``source``: shown until :meth:`accept` from the same source."""
        self._refusals[source] = text
        self.show(text)

    def accept(self, source: str) -> None:
        """``source`` accepted a value: its refusal, if still shown, goes."""
        text = self._refusals.pop(source, None)
        if text is not None and self._bar.currentMessage() == text:
            self._bar.clearMessage()

    def _on_tabs_current_changed(self, index: int) -> None:
        self.hint.setText(HINTS[index] if 0 <= index < len(HINTS) else "")
