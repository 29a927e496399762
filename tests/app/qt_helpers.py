"""Qt helpers for widget tests: count events, host widgets in a shown layout."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget


class EventCounter(QObject):
    """Counts the events of some types that reach one object."""

    def __init__(self, obj, *types):
        super().__init__()
        self.types, self.count = types, 0
        obj.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() in self.types:
            self.count += 1
        return False


def hosted(qtbot, *widgets, width=480):
    """The widgets in a shown column (a layout, as in the main window)."""
    host = QWidget()
    layout = QVBoxLayout(host)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.resize(width, 900)
    host.show()
    qtbot.waitExposed(host)
    QApplication.processEvents()
    return host
