"""Puts the lessons into the main window: a dock with the lesson panel, and the
Help menu's entries (Lessons…, Open a Folder of Lessons…, Present the Lessons,
Forget Lesson Progress). ``main_window.py`` calls :func:`install_lessons` once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox

from ...core.lesson import builtin_lessons, builtin_lessons_folder, lesson_files
from ..models.lessons import LessonsModel
from ..views.lesson_panel import LessonPanel
from .lessons import LessonController
from .presentation import read_playlist


def _tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


class Lessons:
    """What :func:`install_lessons` made: the controller, the panel, its dock, the actions."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.model = LessonsModel(builtin_lessons())
        self.panel = LessonPanel()
        self.controller = LessonController(window.playground, self.model, self.panel, window)
        self.dock = QDockWidget(_tr("Lessons"), window)
        self.dock.setObjectName("lessons_dock")
        self.dock.setWidget(self.panel)
        self.dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.RightDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.actions: list[QAction] = []  # the Help entries, set by install_lessons
        self.controller.failed.connect(self._on_failed)
        self.controller.finished.connect(
            lambda i: window.show_message(_tr("Lesson {0} done").format(i + 1))
        )

    def start(self, index: int | None = None) -> bool:
        """Show the panel on lesson ``index`` (0-based; None: where the user left off,
        or the current lesson if one is open)."""
        self.dock.show()
        self.dock.raise_()
        if index is None:
            if self.model.lesson is not None:
                return True
            index = self.controller.stored_index()
        return self.controller.open(index)

    def open_folder(self) -> None:
        """Ask for a folder of lesson files and make it the course."""
        folder = QFileDialog.getExistingDirectory(self.window, _tr("Folder of lesson files"))
        if folder:
            self.use_folder(Path(folder))

    def use_folder(self, folder: Path) -> bool:
        paths = lesson_files(folder)
        if not paths:
            self._on_failed(_tr("{0}: this folder holds no lesson files (*.json)").format(folder))
            return False
        self.controller.set_course(paths)
        return self.start(0)

    def present(self) -> None:
        """The shipped lessons as the presentation's playlist, in presentation mode."""
        self.window.presentation.set_playlist(read_playlist(builtin_lessons_folder()))
        self.window.present.set_presenting(True)

    def _on_failed(self, message: str) -> None:
        if self.window.isVisible():
            QMessageBox.warning(self.window, _tr("Cannot open this lesson"), message)
        self.window.show_message(message)


def _help_menu(window: QMainWindow) -> QMenu:
    """The menu bar's Help menu: found by its English or translated title, else the
    last menu (where the Help menu sits), else a new one."""
    menus = [a for a in window.menuBar().actions() if a.menu() is not None]
    for action in menus:
        if action.text().replace("&", "") in ("Help", _tr("Help")):
            return action.menu()
    return menus[-1].menu() if menus else window.menuBar().addMenu(_tr("&Help"))


def install_lessons(window: QMainWindow) -> Lessons:
    """Create the lessons' model, panel, controller and dock, and their Help entries."""
    lessons = Lessons(window)
    window.views.append(lessons.panel)  # restyled with the theme
    menu = _help_menu(window)
    first = menu.actions()[0] if menu.actions() else None
    entries = []
    for text, slot, key, tip in (
        (_tr("&Lessons…"), lessons.start, "Ctrl+L", _tr("Guided lessons, step by step")),
        (_tr("Open a &Folder of Lessons…"), lessons.open_folder, None, None),
        (_tr("&Present the Lessons"), lessons.present, None, _tr("The lessons as slides")),
        (_tr("Forget Lesson &Progress"), lessons.controller.forget_progress, None, None),
    ):
        act = QAction(text, window)
        act.triggered.connect(lambda _=False, f=slot: f())
        if key:
            act.setShortcut(QKeySequence(key))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        window.addAction(act)  # the shortcut works with the menu bar hidden too
        entries.append(act)
    menu.insertActions(first, entries)
    if first is not None:
        menu.insertSeparator(first)
    lessons.actions = entries
    return lessons
