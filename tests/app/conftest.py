"""Qt test set-up: shared GL contexts must be requested before the QApplication exists."""

from PySide6.QtCore import QCoreApplication, Qt

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
