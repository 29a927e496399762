"""The lesson course: loads a lesson's scene into the playground, checks its task on
every scene change, remembers progress in QSettings, and keeps the panel current.

A lesson's scene goes through :meth:`PlaygroundController.load` (one undo step, so
Undo brings the previous scene back). The check reads the evaluation the
playground model computed anyway (:func:`core.lesson_check.evaluate_check`: a few
look-ups per change, see ``tests/app/controllers/test_lessons.py``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, Signal

from ...core import scene as sc
from ...core.lesson import load_lesson
from ...core.lesson_check import evaluate_check
from ..models.lessons import LessonsModel
from ..views.lesson_panel import LessonPanel
from .playground import PlaygroundController
from .scene_check import checked_scene

DONE_KEY = "lessons/done"
CURRENT_KEY = "lessons/current"


class LessonController(QObject):
    """Drives a :class:`LessonsModel` and its :class:`LessonPanel`.

    Parameters
    ----------
    playground : PlaygroundController
    model : LessonsModel
    panel : LessonPanel
    parent : QObject, optional

    Signals
    -------
    failed(str)
        A lesson file could not be read (the message names it); nothing changed.
    finished(int)
        Lesson ``index`` passed its check for the first time.
    """

    failed = Signal(str)
    finished = Signal(int)

    def __init__(
        self,
        playground: PlaygroundController,
        model: LessonsModel,
        panel: LessonPanel,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._pg, self.model, self.panel = playground, model, panel
        self._titles: list[str] | None = None  # read when first shown, not at start-up
        self._path: Path | None = None  # the current lesson's file
        self.model.done = _stored_list(DONE_KEY)
        playground.model.scene_changed.connect(self._on_scene_changed)
        model.result_changed.connect(self._on_model_result_changed)
        model.done_changed.connect(self._refresh_list)
        model.hint_changed.connect(panel.set_hint_visible)
        panel.back_clicked.connect(self.back)
        panel.next_clicked.connect(self.next)
        panel.restart_clicked.connect(self.restart)
        panel.hint_clicked.connect(lambda on: setattr(model, "hint", on))
        panel.lesson_chosen.connect(self.open)
        panel.language_changed.connect(self._on_panel_language_changed)

    @property
    def language(self) -> str:
        """The interface language (``QLocale().name()``, e.g. ``"zh_CN"``)."""
        return QLocale().name()

    # ------------------------------------------------------------ the course
    def set_course(self, paths: list[Path]) -> None:
        """Use these lesson files (titles read from them when the list is first
        shown; unreadable ones are named by their file, and refused with a message
        when opened)."""
        self.model.paths = list(paths)
        self._titles = None
        if self.model.lesson is not None:
            self._refresh_list()

    def _read_titles(self) -> list[str]:
        titles = []
        for p in self.model.paths:
            try:
                lesson = load_lesson(p)
                title = lesson.text("title", self.language) or lesson.scene.title or p.name
            except sc.SceneError:
                title = p.name
            titles.append(title)
        return titles

    def stored_index(self) -> int:
        """The lesson the user was on last time (0 at first), clamped to the course."""
        try:
            i = int(QSettings().value(CURRENT_KEY, 0))
        except (TypeError, ValueError):
            i = 0
        return min(max(i, 0), max(len(self.model.paths) - 1, 0))

    def open(self, index: int) -> bool:
        """Load lesson ``index`` into the playground (one undo step); False, with
        ``failed`` emitted and nothing changed, when it cannot be read."""
        if not 0 <= index < len(self.model.paths):
            return False
        path = self.model.paths[index]
        try:
            lesson = load_lesson(path)
            checked_scene(lesson.scene, path.name)
        except sc.SceneError as exc:
            self.failed.emit(str(exc))
            self._refresh_list()  # the list shows the lesson that stays
            return False
        self._path = path
        self.model.set_lesson(index, lesson)
        self._refresh_list()
        self._show_texts()
        QSettings().setValue(CURRENT_KEY, index)
        self._pg.load(lesson.scene, None, self.tr("Lesson {0}").format(index + 1))
        self._on_scene_changed()  # the scene may be unchanged (no event)
        return True

    def _show_texts(self) -> None:
        lesson, lang = self.model.lesson, self.language
        self.panel.set_lesson(
            self.model.index,
            len(self.model.paths),
            *(lesson.text(field, lang) for field in ("caption", "task", "hint", "explanation")),
        )
        if self.model.result is not None:
            self._on_model_result_changed(self.model.result)

    def _on_panel_language_changed(self) -> None:
        """The interface language changed: the texts in the new one, same scene."""
        self._titles = None
        if self.model.lesson is not None:
            self._refresh_list()
            self._show_texts()

    def restart(self) -> None:
        self.open(self.model.index)

    def next(self) -> None:
        self.open(self.model.index + 1)

    def back(self) -> None:
        self.open(self.model.index - 1)

    def forget_progress(self) -> None:
        """Mark every lesson as not done."""
        self.model.done = ()
        QSettings().setValue(DONE_KEY, [])

    # ------------------------------------------------------------ events
    def _on_scene_changed(self, *_) -> None:
        lesson = self.model.lesson
        if lesson is None:
            return
        self.model.result = evaluate_check(
            lesson.check, self._pg.model.scene, self._pg.model.evaluation
        )

    def _on_model_result_changed(self, result) -> None:
        lesson = self.model.lesson
        if lesson is None or result is None:
            return
        self.panel.set_goal(lesson.check, result.values)
        self.panel.set_done(result.passed)
        name = self._path.name
        if result.passed and name not in self.model.done:
            self.model.done = self.model.done | {name}
            QSettings().setValue(DONE_KEY, sorted(self.model.done))
            self.finished.emit(self.model.index)

    def _refresh_list(self, *_) -> None:
        if self._titles is None:
            self._titles = self._read_titles()
        done = [self.model.is_done(i) for i in range(len(self.model.paths))]
        self.panel.set_lessons(self._titles, done, self.model.index)


def _stored_list(key: str) -> list[str]:
    value = QSettings().value(key, [])
    if isinstance(value, str):  # QSettings returns a lone string for a 1-item list
        value = [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
